"use client";
import { useTranslations } from "use-intl";
import { type Choice, ChoiceGroup } from "@/components/ui/choice-group";
import { useComposerContext } from "../composer-context";

/** One of the composer's settings chosen from a list: its legend, its field and its error come from the form. */
export function ComposerChoice({
  name,
  choices,
}: {
  name: "model" | "duration" | "size" | "orientation";
  choices: Choice[];
}) {
  const t = useTranslations("composer");
  const { register, errors } = useComposerContext();
  return (
    <ChoiceGroup
      name={name}
      legend={t(`${name}.legend`)}
      choices={choices}
      registration={register(name)}
      error={errors[name]?.message}
    />
  );
}
