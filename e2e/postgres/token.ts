/** The name of ava's API token on the PostgreSQL deployment (e2e/fixtures/postgres-database.ts); its secret is fixtureSecret(name). */
export const POSTGRES_TOKEN = "ava on postgresql";
/** A second token of ava's, for the rate limit alone (its window is its own). */
export const POSTGRES_LIMITED_TOKEN = "ava on postgresql, rate-limited";
/** The servers' MAILGATE_API_RATE_LIMIT: above the race's 51 requests of POSTGRES_TOKEN in its minute. */
export const POSTGRES_RATE_LIMIT = 120;
