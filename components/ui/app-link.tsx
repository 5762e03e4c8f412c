"use client";
import { useRouter } from "next/navigation";
import type { AnchorHTMLAttributes, MouseEvent } from "react";

type ClickLike = Pick<MouseEvent, "defaultPrevented" | "button" | "metaKey" | "ctrlKey" | "shiftKey" | "altKey">;

/**
 * Whether a click on an in-app link should be followed by the client router: a plain primary
 * click on a link that opens in this tab. Modified and middle clicks keep the browser's own
 * behaviour (new tab, new window, download).
 */
export function followsInApp(event: ClickLike, link: { target?: string; download?: unknown }): boolean {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  return (!link.target || link.target === "_self") && link.download == null;
}

/**
 * A link to another page of the studio: a plain <a> that the app router follows on a plain click,
 * so the page changes without a reload. next/link does the same and prefetches in view, but adds
 * about 2.4 KB gzip to the studio page's first load; every page here is rendered per request, so
 * its prefetch would fetch little more than a loading state anyway.
 */
export function AppLink({
  href,
  scroll = true,
  onClick,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & {
  href: string /** Scroll to the top after the change, as next/link does by default. */;
  scroll?: boolean;
}) {
  const router = useRouter();
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (!followsInApp(event, rest)) return;
    event.preventDefault();
    router.push(href, { scroll });
  };
  return <a {...rest} href={href} onClick={follow} />;
}
