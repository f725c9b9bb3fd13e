/** The Action filter's choice for every refused attempt of a privileged action (its own file: the filters are a client component). */
export const REFUSED_ATTEMPTS = "refused-attempts";
