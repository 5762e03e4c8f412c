"use client";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { clipProblems, clipProblemText, secondsIn, type ClipInfo } from "@/components/character/clip-rules";
import type { ClipField } from "@/components/character/character-clip";
import type { BoardDoc } from "@/lib/schemas/board";

// The board's shared character clip, in the composer's clip builder (upload or URL, a preview,
// a range over the clip's timeline). The board keeps the span as numbers; while a field holds
// text that is not one (being typed, or blank for a clip just chosen), the text is shown as typed,
// the field says so once the clip is known, and Generate waits (the board still has the old number).

const CharacterClip = dynamic(() => import("@/components/character/character-clip").then((m) => m.CharacterClip), {
  ssr: false,
  loading: () => <div aria-busy="true" className="h-24 animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-800" />,
});

type Character = NonNullable<BoardDoc["character"]>;
type Span = { start?: string; end?: string };

export function BoardCharacter({
  character,
  edit,
  errorAt,
  uploadsAllowed,
  onHold,
}: {
  character: Character;
  edit: (change: (doc: BoardDoc) => BoardDoc) => void;
  errorAt: (path: string) => string | undefined;
  uploadsAllowed: boolean;
  /** Why Generate must wait for the clip (an upload under way, a span that is not numbers yet), or undefined. */
  onHold: (reason: string | undefined) => void;
}) {
  const tClip = useTranslations("composer.character");
  const t = useTranslations("storyboard.settings");
  const tSchema = useTranslations("schema");
  const [typed, setTyped] = useState<Span>({});
  const [clip, setClip] = useState<ClipInfo>({});
  const [uploading, setUploading] = useState(false);
  const setCharacter = useCallback(
    (change: Partial<Character>) => edit((d) => (d.character ? { ...d, character: { ...d.character, ...change } } : d)),
    [edit],
  );

  const setField = useCallback(
    (name: ClipField, value: string) => {
      if (name === "character_url") return setCharacter({ url: value });
      const key = name === "character_start" ? "start" : "end";
      setTyped((t) => ({ ...t, [key]: value }));
      const seconds = secondsIn(value);
      if (seconds !== undefined) setCharacter({ [key]: seconds });
    },
    [setCharacter],
  );
  // Typed text wins while it is not a number, or is the board's number; a change from elsewhere
  // (a reload after another tab's edit) shows the board's value.
  const shown = (key: "start" | "end") => {
    const text = typed[key];
    if (text === undefined) return String(character[key]);
    const seconds = secondsIn(text);
    return seconds === undefined || seconds === character[key] ? text : String(character[key]);
  };
  const field = (name: ClipField, value: string) => ({
    name,
    value,
    onChange: (e: { target: { value: string } }) => setField(name, e.target.value),
  });

  const unparsed = (key: "start" | "end") => typed[key] !== undefined && secondsIn(typed[key]) === undefined;
  // Without a clip there is no span to wait for: the server names the missing clip itself.
  const spanUnfinished = character.url !== "" && (unparsed("start") || unparsed("end"));
  const hold = uploading ? tClip("busy") : spanUnfinished ? t("characterSpanUnfinished") : undefined;
  useEffect(() => onHold(hold), [hold, onHold]);
  useEffect(() => () => onHold(undefined), [onHold]);
  // Blank is normal while a new clip loads (its span is filled in then); once it is known, say it.
  const notNumber = (key: "start" | "end") =>
    unparsed(key) && clip.durationS !== undefined ? tSchema(`character_${key}.invalid_type`) : undefined;

  // The clip's own rules (long enough, the span inside it) need its length, known only here.
  const problem = clipProblems(clip.durationS, character.end)[0];
  const clipError = problem && clipProblemText(problem, tClip);
  return (
    <CharacterClip
      url={character.url}
      start={shown("start")}
      end={shown("end")}
      errors={{
        url: (problem?.path === "character_url" ? clipError : undefined) ?? errorAt("character.url"),
        start: notNumber("start") ?? errorAt("character.start"),
        end:
          notNumber("end") ?? (problem?.path === "character_end" ? clipError : undefined) ?? errorAt("character.end"),
      }}
      register={{
        url: field("character_url", character.url),
        start: field("character_start", shown("start")),
        end: field("character_end", shown("end")),
      }}
      setField={setField}
      uploadsAllowed={uploadsAllowed}
      onClip={setClip}
      onUploading={setUploading}
      title={t("character")}
      hint={t("characterHint")}
    />
  );
}
