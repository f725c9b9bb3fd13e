/** The name of ava's API token on the PostgreSQL deployment (e2e/fixtures/postgres-database.ts); its secret is fixtureSecret(name). */
export const POSTGRES_TOKEN = "ava on postgresql";
