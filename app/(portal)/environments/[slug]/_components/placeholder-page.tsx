import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import type { EnvironmentPage } from "@/lib/policy/access";
import { environmentHref } from "../../../_components/environment-pages";

/** A page that exists in the navigation but is not built yet: it says so plainly (after the access check). */
export function placeholderPage(page: EnvironmentPage, title: string, comingWith: string) {
  return async function PlaceholderPage({ params }: { params: Promise<{ slug: string }> }) {
    const { environment } = await requireEnvironmentPage((await params).slug, page);
    return (
      <>
        <PageHeader crumbs={[{ label: "Environments", href: "/" }, { label: environment.name, href: environmentHref(environment.slug) }, { label: title }]} title={title} />
        <Notice tone="info" title="Not built yet">
          This page is not built yet. It comes with {comingWith}.
        </Notice>
      </>
    );
  };
}
