import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// ESLint runs on app/ and components/ alone (npm run check), where the React and Next code is:
// the React Compiler's rules and Next's. Oxlint checks the whole tree for everything else
// (.oxlintrc.json), in a fraction of the time.
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
