"use client";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import type { GenerationInput } from "@/lib/schemas/generation";
import { curlCommand, TOKEN_PLACEHOLDER, upstreamBody, type UploadPlacement } from "@/lib/schemas/request-preview";
import { isUploadRef } from "@/lib/schemas/rules";

export type UpstreamInfo = {
  baseUrl: string | null;
  callbacks: boolean;
  /** STUDIO_PUBLIC_URL: uploads are sent as links under it (without it, images go inline). */
  publicUrl: string | null;
  /** Whether an uploaded character clip can be sent (a public URL, or the emulator). */
  clipUploads: boolean;
};

/** An uploaded image as the data: URL the studio will send in its place. */
async function dataUrlOf(ref: string): Promise<string> {
  const blob = await (await fetch(ref)).blob();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** The exact JSON the studio will send upstream, and the same call as cURL (token left to the shell). */
export function RequestPreview({ input, upstream }: { input: GenerationInput; upstream: UpstreamInfo }) {
  const t = useTranslations("composer.preview");
  const [copied, setCopied] = useState<"json" | "curl" | "failed" | null>(null);
  // The emulator lives on this very studio: its address is only known in the browser.
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const placement: UploadPlacement = { publicUrl: upstream.publicUrl, origin };
  const body = upstreamBody(input, { callbacks: upstream.callbacks, uploads: placement });
  const json = JSON.stringify(body, null, 2);
  const baseUrl = upstream.baseUrl ?? `${origin}/api/emulator`;

  const copy = async (what: "json" | "curl") => {
    try {
      // Inline images are shown shortened; what is copied carries their real bytes.
      const refs = (input.image_urls ?? []).filter(isUploadRef);
      const inline = new Map(upstream.publicUrl ? [] : await Promise.all(refs.map(async (ref) => [ref, await dataUrlOf(ref)] as const)));
      const full = upstreamBody(input, { callbacks: upstream.callbacks, uploads: { ...placement, inline: (ref) => inline.get(ref) } });
      await navigator.clipboard.writeText(what === "json" ? JSON.stringify(full, null, 2) : curlCommand(full, baseUrl));
      setCopied(what);
    } catch {
      setCopied("failed");
    }
  };

  return (
    <details className="rounded-lg border border-zinc-200 dark:border-zinc-800">
      <summary className="cursor-pointer select-none rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-900">
        {t("summary")}
      </summary>
      <div className="space-y-2 border-t border-zinc-200 p-3 dark:border-zinc-800">
        <pre data-testid="request-json" className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-md bg-zinc-950 p-3 text-xs leading-relaxed text-zinc-100">
          {json}
        </pre>
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => void copy("json")}>
            {t("copyJson")}
          </Button>
          <Button variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => void copy("curl")}>
            {t("copyCurl")}
          </Button>
          <span role="status" className="text-xs text-zinc-500 dark:text-zinc-400">
            {copied === "failed" ? t("copyFailed") : copied ? t("copied", { what: copied === "json" ? "JSON" : "cURL" }) : ""}
          </span>
        </div>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t.rich("explain", { token: TOKEN_PLACEHOLDER, code: (chunks) => <code>{chunks}</code> })}</p>
      </div>
    </details>
  );
}
