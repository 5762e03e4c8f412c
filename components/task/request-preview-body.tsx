"use client";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import type { GenerationInput } from "@/lib/schemas/generation";
import { TOKEN_PLACEHOLDER, upstreamCall } from "@/lib/schemas/request-preview";
import type { UpstreamInfo } from "./request-preview";
import { upstreamCallText, upstreamTarget } from "./upstream-copy";

/** The request preview's inside: the upstream JSON, and buttons that copy it or the same call as cURL. */
export function RequestPreviewBody({ input, upstream }: { input: GenerationInput; upstream: UpstreamInfo }) {
  const t = useTranslations("composer.preview");
  const [copied, setCopied] = useState<"json" | "curl" | "failed" | null>(null);
  const { path, body } = upstreamCall(input, {
    callbacks: upstream.callbacks,
    uploads: upstreamTarget(upstream).placement,
  });
  const json = JSON.stringify(body, null, 2);

  const copy = async (what: "json" | "curl") => {
    try {
      await navigator.clipboard.writeText(await upstreamCallText(input, upstream, what));
      setCopied(what);
    } catch {
      setCopied("failed");
    }
  };

  return (
    <div className="space-y-2 border-t border-zinc-200 p-3 dark:border-zinc-800">
      <pre
        data-testid="request-json"
        className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-md bg-zinc-950 p-3 text-xs leading-relaxed text-zinc-100"
      >
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
          {copied === "failed"
            ? t("copyFailed")
            : copied
              ? t("copied", { what: copied === "json" ? "JSON" : "cURL" })
              : ""}
        </span>
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {t.rich("explain", { token: TOKEN_PLACEHOLDER, path, code: (chunks) => <code>{chunks}</code> })}
      </p>
    </div>
  );
}
