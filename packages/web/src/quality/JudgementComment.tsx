import type { RefObject } from 'react';

/**
 * The comment box of a judgement (a review decision, an inspection verdict): a negative judgement needs
 * one, so the box turns invalid and says so until something is typed.
 */
export function JudgementComment(props: {
  label: string;
  placeholder: string;
  requiredMessage: string;
  value: string;
  missing: boolean;
  onChange: (value: string) => void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  /** Prefix of the test ids: `<prefix>-comment` and `<prefix>-comment-required`. */
  testId: string;
}) {
  return (
    <>
      <label className="form-row">
        <span>{props.label}</span>
        <textarea
          ref={props.inputRef}
          rows={5}
          maxLength={5000}
          value={props.value}
          placeholder={props.placeholder}
          onChange={(e) => props.onChange(e.target.value)}
          aria-invalid={props.missing}
          data-testid={`${props.testId}-comment`}
        />
      </label>
      {props.missing ? (
        <div className="field-error" role="alert" data-testid={`${props.testId}-comment-required`}>
          {props.requiredMessage}
        </div>
      ) : null}
    </>
  );
}
