import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "subtle";

const VARIANTS: Record<Variant, string> = {
  primary: "bg-brand text-brand-fg hover:bg-brand-hover border border-transparent",
  secondary: "bg-surface text-ink border border-line hover:bg-surface-alt",
  subtle: "bg-transparent text-ink border border-transparent hover:bg-surface-alt",
};

export function buttonClass(variant: Variant = "secondary"): string {
  return `inline-flex items-center gap-1.5 rounded-control px-3 py-1.5 text-sm font-semibold disabled:cursor-not-allowed disabled:opacity-50 ${VARIANTS[variant]}`;
}

export function Button({
  variant = "secondary",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type="button" {...props} className={`${buttonClass(variant)} ${className}`} />;
}
