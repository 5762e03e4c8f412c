"use client";
import { useEffect, useRef } from "react";
import type { UseFormReturn } from "react-hook-form";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { COMPOSE_EVENT, DRAFT_KEY } from "./compose-bridge";
import { composerDefaults, type ComposerValues } from "./form-values";

// The composer keeps its draft in this browser (localStorage): a reload, a crash or a closed
// tab gives the form back as it was. Only the shape is checked here; the schema still judges
// the values when the user submits.

const RECENT_KEY = "sora-studio.recent-prompts.v1";
const RECENT_MAX = 10;
const SAVE_AFTER_MS = 300;

function read(key: string): unknown {
  try {
    const text = window.localStorage.getItem(key);
    return text === null ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined; // storage off (private mode) or a corrupt entry: start clean
  }
}

function write(key: string, value: unknown) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or off: the draft is a comfort, not a promise
  }
}

/** A stored draft, if it has the composer's shape (anything else is ignored, field by field). */
export function parseDraft(raw: unknown): ComposerValues | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const out: Record<string, unknown> = { ...composerDefaults };
  for (const [key, fallback] of Object.entries(composerDefaults)) {
    const value = r[key];
    if (Array.isArray(fallback)) {
      if (Array.isArray(value) && value.every((v) => typeof v === "string")) out[key] = value;
    } else if (typeof value === "string") out[key] = value;
  }
  return out as ComposerValues;
}

/**
 * Restores the draft once, then saves every change (debounced). A request sent from elsewhere
 * in the studio (composeFrom) replaces the form, is checked at once and calls `onCompose`.
 * `fit` adapts a restored draft to this studio (a model it does not offer becomes its default).
 */
export function useDraft(
  form: UseFormReturn<ComposerValues, unknown, GenerationRequest>,
  onCompose?: () => void,
  fit: (values: ComposerValues) => ComposerValues = (values) => values,
) {
  const composed = useRef(onCompose);
  composed.current = onCompose;
  const fitted = useRef(fit);
  fitted.current = fit;
  useEffect(() => {
    const parse = (raw: unknown) => {
      const values = parseDraft(raw);
      return values && fitted.current(values);
    };
    const draft = parse(read(DRAFT_KEY));
    if (draft) form.reset(draft, { keepDefaultValues: true });
    const compose = (event: Event) => {
      const values = parse((event as CustomEvent<unknown>).detail);
      if (!values) return;
      form.reset(values, { keepDefaultValues: true });
      void form.trigger();
      composed.current?.();
    };
    window.addEventListener(COMPOSE_EVENT, compose);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = form.watch((values) => {
      clearTimeout(timer);
      timer = setTimeout(() => write(DRAFT_KEY, values), SAVE_AFTER_MS);
    });
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
      window.removeEventListener(COMPOSE_EVENT, compose);
    };
  }, [form]);
}

export function recentPrompts(): string[] {
  const list = read(RECENT_KEY);
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === "string").slice(0, RECENT_MAX) : [];
}

/** Puts a submitted prompt first in the recent list (no duplicates). Returns the new list. */
export function rememberPrompt(prompt: string): string[] {
  const list = [prompt, ...recentPrompts().filter((p) => p !== prompt)].slice(0, RECENT_MAX);
  write(RECENT_KEY, list);
  return list;
}
