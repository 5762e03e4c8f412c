"use client";
import dynamic from "next/dynamic";
import { AppLink } from "@/components/ui/app-link";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";

/** What the composer holds, as far as the library keeps it. */
export type LibrarySource = {
  prompt: string;
  model?: string;
  size?: string;
  duration?: string | number;
  orientation?: string;
};

// The naming form (with the library's schema and calls) loads on the first click, not with the page.
const SaveToLibraryForm = dynamic(() => import("./save-to-library-form").then((m) => m.SaveToLibraryForm), {
  ssr: false,
});

/**
 * "Save to library": asks for a name inline (the prompt's first words to start with) and saves
 * the prompt, with its settings when there are any, as a new library prompt. Not a nested form:
 * it lives inside the composer's form, so Enter here saves and never submits a generation.
 */
export function SaveToLibrary({ source, className }: { source: LibrarySource; className?: string }) {
  const t = useTranslations("prompts.save");
  const [naming, setNaming] = useState(false);
  const [saved, setSaved] = useState<{ id: string; name: string } | null>(null);
  const text = source.prompt.trim();

  if (naming) {
    return (
      <SaveToLibraryForm
        source={source}
        className={className}
        onSaved={(prompt) => {
          setSaved(prompt);
          setNaming(false);
        }}
        onCancel={() => setNaming(false)}
      />
    );
  }
  return (
    <div className={cx("flex flex-wrap items-center gap-2 text-xs", className)}>
      <Button
        variant="secondary"
        className="px-2 py-1 text-xs"
        onClick={() => {
          setSaved(null);
          setNaming(true);
        }}
        disabled={text === ""}
        title={text === "" ? t("needsPrompt") : undefined}
      >
        {t("button")}
      </Button>
      {saved && (
        <span role="status" className="text-emerald-700 dark:text-emerald-300">
          {t("saved", { name: saved.name })}{" "}
          <AppLink
            className="font-medium underline underline-offset-2"
            href={`/prompts?tab=library&prompt=${encodeURIComponent(saved.id)}`}
          >
            {t("open")}
          </AppLink>
        </span>
      )}
    </div>
  );
}
