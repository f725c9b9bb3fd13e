import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * The portal's one link: Next's <Link> (client-side navigation) without prefetching. Every page is
 * dynamic (it reads the session) and none has a loading.js, so a prefetch brings back ~300 bytes and
 * nothing to show early, yet costs the server a request's session and routing work (~22 ms CPU each,
 * 40% of a page): the shell's navigation alone sent eight with every page view. A click fetches the
 * page then, as a plain link would.
 */
export default function Link(props: Omit<ComponentProps<typeof NextLink>, "prefetch">) {
  return <NextLink {...props} prefetch={false} />;
}
