/**
 * Next's Link without prefetching. Every page here is rendered per request, and Next prefetches each Link
 * that scrolls into view: opening one agent page in Chromium sent 36 prefetch requests (the nav, the crumbs,
 * a link per row), each a server render, so 50 people in browsers would cost the server dozens of times what
 * they look at. Navigation stays client-side; it waits for the page asked for, and nothing else.
 */
import NextLink from "next/link";
import type { ComponentProps } from "react";

export default function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
