"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { GenerationInput } from "@/lib/schemas/generation";
import { curlCommand, TOKEN_PLACEHOLDER, upstreamBody } from "@/lib/schemas/request-preview";

/** `clipUploads`: whether an uploaded character clip can reach the upstream (public URL or emulator). */
export type UpstreamInfo = { baseUrl: string | null; callbacks: boolean; clipUploads: boolean };

/** The exact JSON the studio will send upstream, and the same call as cURL (token left to the shell). */
export function RequestPreview({ input, upstream }: { input: GenerationInput; upstream: UpstreamInfo }) {
  const [copied, setCopied] = useState<"json" | "curl" | "failed" | null>(null);
  const body = upstreamBody(input, { callbacks: upstream.callbacks });
  const json = JSON.stringify(body, null, 2);
  // The emulator lives on this very studio: its address is only known in the browser.
  const baseUrl = upstream.baseUrl ?? (typeof window === "undefined" ? "" : `${window.location.origin}/api/emulator`);

  const copy = async (what: "json" | "curl") => {
    try {
      await navigator.clipboard.writeText(what === "json" ? json : curlCommand(body, baseUrl));
      setCopied(what);
    } catch {
      setCopied("failed");
    }
  };

  return (
    <details className="rounded-lg border border-zinc-200 dark:border-zinc-800">
      <summary className="cursor-pointer select-none rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-900">
        Request preview
      </summary>
      <div className="space-y-2 border-t border-zinc-200 p-3 dark:border-zinc-800">
        <pre data-testid="request-json" className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-md bg-zinc-950 p-3 text-xs leading-relaxed text-zinc-100">
          {json}
        </pre>
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => void copy("json")}>
            Copy JSON
          </Button>
          <Button variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => void copy("curl")}>
            Copy as cURL
          </Button>
          <span role="status" className="text-xs text-zinc-500 dark:text-zinc-400">
            {copied === "failed" ? "The browser did not allow copying." : copied ? `Copied ${copied === "json" ? "JSON" : "cURL"}.` : ""}
          </span>
        </div>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          What the studio sends to <code>POST /sora/videos</code>. The cURL command reads your token from <code>{TOKEN_PLACEHOLDER}</code>; the studio never shows it.
        </p>
      </div>
    </details>
  );
}
