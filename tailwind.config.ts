import type { Config } from "tailwindcss";

/**
 * Design tokens. Colours point at CSS variables defined in app/globals.css, which switch with
 * the OS colour scheme, so every utility (bg-surface, text-muted, …) follows dark mode.
 */
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: {
          DEFAULT: "var(--brand)",
          hover: "var(--brand-hover)",
          subtle: "var(--brand-subtle)",
          fg: "var(--brand-fg)",
        },
        header: "var(--header)",
        canvas: "var(--canvas)",
        surface: "var(--surface)",
        "surface-alt": "var(--surface-alt)",
        line: "var(--line)",
        ink: "var(--ink)",
        muted: "var(--muted)",
        success: { DEFAULT: "var(--success)", subtle: "var(--success-subtle)" },
        warning: { DEFAULT: "var(--warning)", subtle: "var(--warning-subtle)" },
        danger: { DEFAULT: "var(--danger)", subtle: "var(--danger-subtle)" },
        info: { DEFAULT: "var(--info)", subtle: "var(--info-subtle)" },
      },
      fontFamily: {
        sans: [
          '"Segoe UI"',
          '"Segoe UI Web (West European)"',
          "system-ui",
          "-apple-system",
          "BlinkMacSystemFont",
          "Roboto",
          '"Helvetica Neue"',
          "sans-serif",
        ],
      },
      borderRadius: { control: "4px", card: "8px" },
      boxShadow: {
        card: "0 1.6px 3.6px rgb(0 0 0 / 0.13), 0 0.3px 0.9px rgb(0 0 0 / 0.11)",
        panel: "-8px 0 24px rgb(0 0 0 / 0.18)",
      },
    },
  },
};

export default config;
