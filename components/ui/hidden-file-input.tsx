import type { InputHTMLAttributes, Ref } from "react";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "className" | "tabIndex" | "onChange"> & {
  ref?: Ref<HTMLInputElement>;
  onFiles: (files: File[]) => void;
};

/**
 * A file picker that a visible button opens (through `ref.current.click()`): out of sight and out of
 * the Tab order. It is emptied after each choice, so choosing the same file again is reported again.
 */
export function HiddenFileInput({ onFiles, ...props }: Props) {
  return (
    <input
      {...props}
      type="file"
      className="sr-only"
      tabIndex={-1}
      onChange={(e) => {
        const files = Array.from(e.target.files ?? []);
        e.target.value = "";
        onFiles(files);
      }}
    />
  );
}
