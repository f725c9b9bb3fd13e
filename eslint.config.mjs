import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      "db/migrations/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  {
    // Every query is awaited: a floating promise is a statement that may run after its transaction
    // ended, or an assertion that never ran; an async callback where a value is expected (a
    // filter's predicate, an event handler) is always truthy.
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    // Pages and actions reach data only through lib/services (STYLE.md: one home for each concern),
    // and link through the portal's own Link.
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/db/schema", "@/db/schema/*", "drizzle-orm", "drizzle-orm/*"],
              message: "Read and write through lib/services.",
            },
            {
              group: ["next/link"],
              message: "Use @/components/ui/link (the portal's Link: no prefetching, see why there).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["components/ui/link.tsx"],
    rules: { "no-restricted-imports": "off" },
  },
];

export default config;
