import type { ReactNode } from "react";
import { SiteHeader } from "@/components/nav/site-header";
import type { Actor } from "@/lib/server/auth/actor";
import { headerAccount } from "@/lib/server/auth/page-session";
import { env } from "@/lib/server/platform/env";

// (A private folder: `_components` is never a route.)

/** The frame of every signed-in page: the site header for `actor` above the page, at most `width` wide. */
export function PageFrame({
  actor,
  width = "max-w-7xl",
  children,
}: {
  actor: Actor;
  width?: "max-w-5xl" | "max-w-6xl" | "max-w-7xl";
  children: ReactNode;
}) {
  return (
    <div className={`mx-auto ${width} px-4 py-6 sm:px-6 lg:px-8`}>
      <SiteHeader emulated={env().emulated} account={headerAccount(actor)} />
      {children}
    </div>
  );
}
