import { lowerPasswordCostForUnitTests } from "./password";

// Every unit test project's setup file (vitest.config.mts): passwords hashed at argon2id's lowest cost.
lowerPasswordCostForUnitTests();
