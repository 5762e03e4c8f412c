"use client";
import { useEffect, useState } from "react";
import dynamic from "next/dynamic";
import { useTranslations } from "use-intl";
import { useComposerContext } from "../composer-context";
import { CHARACTER_FIELDS } from "../form-values";

// The clip builder (player, range, probing) loads when its section is first opened, not with the page.
const CharacterClip = dynamic(() => import("@/components/character/character-clip").then((m) => m.CharacterClip), {
  ssr: false,
  loading: () => <div aria-busy="true" className="h-24 animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-800" />,
});

/** The optional character clip, in a section of its own that opens when it is needed. */
export function CharacterSection() {
  const t = useTranslations("composer");
  const { register, values, errors, character } = useComposerContext();
  // The section opens itself when one of its fields has an error, and otherwise stays as the
  // user left it (it never snaps shut while they are fixing something).
  const characterError = Boolean(errors.character_url || errors.character_start || errors.character_end);
  const [open, setOpen] = useState(false);
  // Once opened, the builder stays mounted (closing the section keeps its probe and upload).
  const [used, setUsed] = useState(false);
  useEffect(() => {
    if (open) setUsed(true);
  }, [open]);
  useEffect(() => {
    if (characterError || values.character_url.trim() !== "") setOpen(true);
  }, [characterError, values.character_url]);

  return (
    <details
      className="group rounded-lg border border-zinc-200 dark:border-zinc-800"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer select-none rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-900">
        {t("character.section")}{" "}
        <span className="font-normal text-zinc-500 dark:text-zinc-400">{t("character.optional")}</span>
      </summary>
      <div className="border-t border-zinc-200 p-3 dark:border-zinc-800">
        {used && (
          <CharacterClip
            {...character}
            url={values.character_url}
            start={values.character_start}
            end={values.character_end}
            errors={{
              url: errors.character_url?.message,
              start: errors.character_start?.message,
              end: errors.character_end?.message,
            }}
            register={{
              url: register("character_url", { deps: [...CHARACTER_FIELDS] }),
              start: register("character_start", { deps: [...CHARACTER_FIELDS] }),
              end: register("character_end", { deps: [...CHARACTER_FIELDS] }),
            }}
          />
        )}
      </div>
    </details>
  );
}
