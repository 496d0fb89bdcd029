// The one form pattern, after the NHS service manual: an error summary at the top linking to
// each field, the message above the field it is about, and the values typed kept after an error.
import { useEffect, useRef, type MouseEvent, type ReactNode } from "react";
import { PASSWORD_MIN_LENGTH } from "~/domain/password-length";

/** What an action answers when a form is not accepted (status 400). */
export interface FormFailure {
  errors: Record<string, string>;
  values: Record<string, string>;
}

/** The key under which an error about the whole form (not one field) is reported. */
export const FORM_ERROR = "_form";

/** A field that people never see or fill; bots that fill every field give themselves away. */
export const HONEYPOT_FIELD = "contact_me_by_fax_only";

export function isFormFailure(value: unknown): value is FormFailure {
  return typeof value === "object" && value !== null && "errors" in value && "values" in value;
}

export function ErrorSummary({ errors }: { errors: Record<string, string> | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {});
  useEffect(() => {
    if (entries.length === 0) return;
    ref.current?.focus();
    // The service manual asks for "Error: " before the page title while errors show.
    if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
  }, [errors]); // eslint-disable-line react-hooks/exhaustive-deps
  if (entries.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {entries.map(([field, message]) => (
            <li key={field}>
              {field === FORM_ERROR ? (
                message
              ) : (
                <a href={`#${field}`} onClick={(event) => goToField(event, field)}>
                  {message}
                </a>
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/**
 * Follows an error summary's link without navigating: the router would treat the new #hash as a
 * navigation and forget the action's errors, emptying the summary the moment it is used. As the
 * NHS.UK script does, it shows the field's label or legend and puts the cursor in the field.
 * Without JavaScript the plain link does the same.
 */
function goToField(event: MouseEvent<HTMLAnchorElement>, field: string) {
  const input = document.getElementById(field);
  if (!input) return;
  event.preventDefault();
  const legend = input.closest("fieldset")?.querySelector("legend");
  const label = document.querySelector(`label[for="${CSS.escape(field)}"]`);
  (legend ?? label ?? input).scrollIntoView();
  input.focus({ preventScroll: true });
}

function describedBy(name: string, hint: ReactNode | undefined, error: string | undefined): string | undefined {
  return [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
}

function HintAndError({ name, hint, error }: { name: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <div className="nhsuk-hint" id={`${name}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={`${name}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
    </>
  );
}

/** Label, hint and error message around one input, as the NHS.UK form group has them. */
function FormGroup({
  name,
  label,
  hint,
  error,
  children,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={name}>
        {label}
      </label>
      <HintAndError name={name} hint={hint} error={error} />
      {children}
    </div>
  );
}

/** A group of radios or checkboxes: the legend names the question, the error sits under it. */
function FieldsetGroup({
  name,
  legend,
  hint,
  error,
  children,
}: {
  name: string;
  legend: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        <HintAndError name={name} hint={hint} error={error} />
        {children}
      </fieldset>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: ReactNode;
  failure?: FormFailure;
  defaultValue?: string;
}

interface TextFieldProps extends FieldProps {
  type?: "text" | "email" | "password" | "url" | "number" | "date" | "time";
  autoComplete?: string;
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  spellCheck?: boolean;
  inputMode?: "numeric" | "decimal" | "text";
}

export function TextField({
  name,
  label,
  hint,
  type = "text",
  autoComplete,
  failure,
  defaultValue,
  width,
  spellCheck,
  inputMode,
}: TextFieldProps) {
  const error = failure?.errors[name];
  const value = failure?.values[name] ?? defaultValue;
  const classes = ["nhsuk-input", width ? `nhsuk-input--width-${width}` : "", error ? "nhsuk-input--error" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <FormGroup name={name} label={label} hint={hint} error={error}>
      <input
        className={classes}
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={type === "password" ? undefined : value}
        aria-describedby={describedBy(name, hint, error)}
        spellCheck={spellCheck}
        inputMode={inputMode}
      />
    </FormGroup>
  );
}

export function TextArea({ name, label, hint, failure, defaultValue, rows = 5 }: FieldProps & { rows?: number }) {
  const error = failure?.errors[name];
  return (
    <FormGroup name={name} label={label} hint={hint} error={error}>
      <textarea
        className={`nhsuk-textarea${error ? " nhsuk-textarea--error" : ""}`}
        id={name}
        name={name}
        rows={rows}
        defaultValue={failure?.values[name] ?? defaultValue}
        aria-describedby={describedBy(name, hint, error)}
      />
    </FormGroup>
  );
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export function Radios({
  name,
  legend,
  hint,
  choices,
  failure,
  defaultValue,
  inline,
}: {
  name: string;
  legend: string;
  hint?: ReactNode;
  choices: Choice[];
  failure?: FormFailure;
  defaultValue?: string;
  inline?: boolean;
}) {
  const error = failure?.errors[name];
  const selected = failure ? failure.values[name] : defaultValue;
  return (
    <FieldsetGroup name={name} legend={legend} hint={hint} error={error}>
      <div className={`nhsuk-radios${inline ? " nhsuk-radios--inline" : ""}`}>
        {choices.map((choice, index) => {
          // The first radio carries the field's id, so the error summary's link lands on it.
          const id = index === 0 ? name : `${name}-${index + 1}`;
          return (
            <div className="nhsuk-radios__item" key={choice.value}>
              <input
                className="nhsuk-radios__input"
                id={id}
                name={name}
                type="radio"
                value={choice.value}
                defaultChecked={selected === choice.value}
                aria-describedby={choice.hint ? `${id}-item-hint` : undefined}
              />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
                {choice.label}
              </label>
              {choice.hint ? (
                <div className="nhsuk-hint nhsuk-radios__hint" id={`${id}-item-hint`}>
                  {choice.hint}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </FieldsetGroup>
  );
}

/** One yes-or-no checkbox, posted as "yes" when ticked. */
export function Checkbox({
  name,
  label,
  hint,
  failure,
  defaultChecked,
}: {
  name: string;
  label: string;
  hint?: string;
  failure?: FormFailure;
  defaultChecked?: boolean;
}) {
  const error = failure?.errors[name];
  const checked = failure ? failure.values[name] === "yes" : defaultChecked;
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <HintAndError name={`${name}-group`} error={error} />
      <div className="nhsuk-checkboxes">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={name}
            name={name}
            type="checkbox"
            value="yes"
            defaultChecked={checked}
            aria-describedby={
              [hint ? `${name}-item-hint` : null, error ? `${name}-group-error` : null].filter(Boolean).join(" ") ||
              undefined
            }
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={name}>
            {label}
          </label>
          {hint ? (
            <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${name}-item-hint`}>
              {hint}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

export function SubmitButton({ children, secondary }: { children: ReactNode; secondary?: boolean }) {
  return (
    <button
      type="submit"
      className={`nhsuk-button${secondary ? " nhsuk-button--secondary" : ""}`}
      data-module="nhsuk-button"
    >
      {children}
    </button>
  );
}

/** Hidden from people (display: none in the stylesheet) and from assistive technology. */
export function Honeypot() {
  return (
    <div className="app-honeypot" aria-hidden="true">
      <label htmlFor={HONEYPOT_FIELD}>Leave this field empty</label>
      <input type="text" id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" />
    </div>
  );
}

/** Every form that sets a password says the same rule the same way. */
export function NewPasswordField({ name, label, failure }: { name: string; label: string; failure?: FormFailure }) {
  return (
    <TextField
      name={name}
      label={label}
      type="password"
      autoComplete="new-password"
      hint={`At least ${PASSWORD_MIN_LENGTH} characters. Three random words make a strong password you can remember.`}
      failure={failure}
    />
  );
}

export function EmailField({ hint, failure }: { hint?: string; failure?: FormFailure }) {
  return (
    <TextField
      name="email"
      label="Email address"
      type="email"
      autoComplete="email"
      hint={hint}
      failure={failure}
      spellCheck={false}
    />
  );
}

/**
 * A date and a time in the event's zone, as one question. When the time happens twice (the
 * night the clocks go back) it also asks which of the two is meant.
 */
export function DateTimeField({
  name,
  legend,
  hint,
  failure,
  defaultDate,
  defaultTime,
  ambiguous,
}: {
  name: string;
  legend: string;
  hint?: string;
  failure?: FormFailure;
  defaultDate?: string;
  defaultTime?: string;
  ambiguous?: { earlierLabel: string; laterLabel: string };
}) {
  const dateError = failure?.errors[`${name}Date`];
  const timeError = failure?.errors[`${name}Time`];
  const error = dateError ?? timeError;
  return (
    <>
      <FieldsetGroup name={name} legend={legend} hint={hint} error={error}>
        <div className="nhsuk-date-input">
          <div className="nhsuk-date-input__item">
            <div className="nhsuk-form-group">
              <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`${name}Date`}>
                Date
              </label>
              <input
                className={`nhsuk-input nhsuk-date-input__input app-input-date${dateError ? " nhsuk-input--error" : ""}`}
                id={`${name}Date`}
                name={`${name}Date`}
                type="date"
                defaultValue={failure?.values[`${name}Date`] ?? defaultDate}
              />
            </div>
          </div>
          <div className="nhsuk-date-input__item">
            <div className="nhsuk-form-group">
              <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`${name}Time`}>
                Time (24-hour)
              </label>
              <input
                className={`nhsuk-input nhsuk-date-input__input app-input-time${timeError ? " nhsuk-input--error" : ""}`}
                id={`${name}Time`}
                name={`${name}Time`}
                type="time"
                defaultValue={failure?.values[`${name}Time`] ?? defaultTime}
              />
            </div>
          </div>
        </div>
      </FieldsetGroup>
      {ambiguous ? (
        <Radios
          name={`${name}Choice`}
          legend={`Which ${legend.toLowerCase()} time do you mean?`}
          choices={[
            { value: "earlier", label: ambiguous.earlierLabel },
            { value: "later", label: ambiguous.laterLabel },
          ]}
          failure={failure}
        />
      ) : null}
    </>
  );
}

export function Select({
  name,
  label,
  hint,
  options,
  failure,
  defaultValue,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  options: { value: string; label: string }[];
  failure?: FormFailure;
  defaultValue?: string;
}) {
  const error = failure?.errors[name];
  return (
    <FormGroup name={name} label={label} hint={hint} error={error}>
      <select
        className={`nhsuk-select${error ? " nhsuk-select--error" : ""}`}
        id={name}
        name={name}
        defaultValue={failure?.values[name] ?? defaultValue}
        aria-describedby={describedBy(name, hint, error)}
      >
        {options.map((option) => (
          <option value={option.value} key={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}

/** A file chooser; the browser offers only the types in `accept`, the server checks the bytes. */
export function FileField({
  name,
  label,
  hint,
  accept,
  failure,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  accept: string;
  failure?: FormFailure;
}) {
  const error = failure?.errors[name];
  return (
    <FormGroup name={name} label={label} hint={hint} error={error}>
      <input
        className={`nhsuk-file-upload${error ? " nhsuk-file-upload--error" : ""}`}
        id={name}
        name={name}
        type="file"
        accept={accept}
        aria-describedby={describedBy(name, hint, error)}
      />
    </FormGroup>
  );
}

/** One question with several answers: each ticked box posts its value under `name`. */
export function CheckboxGroup({
  name,
  legend,
  hint,
  choices,
  failure,
  defaultValues = [],
}: {
  name: string;
  legend: string;
  hint?: string;
  choices: Choice[];
  failure?: FormFailure;
  defaultValues?: readonly string[];
}) {
  const error = failure?.errors[name];
  // The values come back joined by commas (LIST_SEPARATOR in forms.server.ts).
  const checked = failure ? (failure.values[name] ?? "").split(",") : defaultValues;
  return (
    <FieldsetGroup name={name} legend={legend} hint={hint} error={error}>
      <div className="nhsuk-checkboxes">
        {choices.map((choice, index) => {
          // The first box carries the field's id, so the error summary's link lands on it.
          const id = index === 0 ? name : `${name}-${index + 1}`;
          return (
            <div className="nhsuk-checkboxes__item" key={choice.value}>
              <input
                className="nhsuk-checkboxes__input"
                id={id}
                name={name}
                type="checkbox"
                value={choice.value}
                defaultChecked={checked.includes(choice.value)}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
                {choice.label}
              </label>
            </div>
          );
        })}
      </div>
    </FieldsetGroup>
  );
}
