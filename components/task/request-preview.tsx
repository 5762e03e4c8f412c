"use client";
import dynamic from "next/dynamic";
import { useState } from "react";
import { useTranslations } from "use-intl";
import type { GenerationInput } from "@/lib/schemas/generation";

export type UpstreamInfo = {
  baseUrl: string | null;
  callbacks: boolean;
  /** STUDIO_PUBLIC_URL: uploads are sent as links under it (without it, images go inline). */
  publicUrl: string | null;
  /** Whether an uploaded character clip can be sent (a public URL, or the emulator). */
  clipUploads: boolean;
};

// Its inside (and the cURL builder) loads when the section is first opened, not with the page.
const RequestPreviewBody = dynamic(() => import("./request-preview-body").then((m) => m.RequestPreviewBody), {
  ssr: false,
});

/** The exact JSON the studio will send upstream, and the same call as cURL (token left to the shell). */
export function RequestPreview({ input, upstream }: { input: GenerationInput; upstream: UpstreamInfo }) {
  const t = useTranslations("composer.preview");
  const [open, setOpen] = useState(false);
  return (
    <details
      className="rounded-lg border border-zinc-200 dark:border-zinc-800"
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer select-none rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-900">
        {t("summary")}
      </summary>
      {open && <RequestPreviewBody input={input} upstream={upstream} />}
    </details>
  );
}
