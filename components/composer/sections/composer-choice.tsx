"use client";
import { useTranslations } from "use-intl";
import { type Choice, ChoiceGroup } from "@/components/ui/choice-group";
import { useComposerContext } from "../composer-context";

const CROSS_CHECKED = ["duration", "resolution", "sound", "last_frame_url"] as const;

/** One of the composer's settings chosen from a list: its legend, its field and its error come from the form. */
export function ComposerChoice({
  name,
  choices,
}: {
  name: "duration" | "size" | "orientation" | "aspect_ratio" | "resolution";
  choices: Choice[];
}) {
  const t = useTranslations("composer");
  const { register, errors } = useComposerContext();
  return (
    <ChoiceGroup
      name={name}
      legend={t(`${name}.legend`)}
      choices={choices}
      // A model's rules tie these together (sound or a last frame need pro mode, a last frame 5 s):
      // a change to one re-checks the others.
      registration={register(name, { deps: CROSS_CHECKED.filter((field) => field !== name) })}
      error={errors[name]?.message}
    />
  );
}
