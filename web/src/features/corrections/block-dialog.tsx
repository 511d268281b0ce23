// Edit one block: name, notes, day, start, end. The server validates (400 problem JSON naming the `field`), and
// its message shows under that field; the same dialog adds a block, and edits a review's draft locally.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/problem';
import { DAYS, type Day, type TimeblockInput } from '../../lib/types';
import { DAY_NAME } from '../week/school-calendar';

export interface BlockDialogProps {
  heading: string;
  initial: TimeblockInput;
  onSave: (input: TimeblockInput) => Promise<void>;
  onDelete?: () => Promise<void>;
  onClose: () => void;
}

type FieldName = 'name' | 'notes' | 'day' | 'start' | 'end';

export function BlockDialog({ heading, initial, onSave, onDelete, onClose }: BlockDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState<TimeblockInput>(initial);
  const [errors, setErrors] = useState<Partial<Record<FieldName | 'form', string>>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const set = (field: FieldName, value: string) => {
    setValues({ ...values, [field]: field === 'end' && value === '' ? null : value });
    setErrors({ ...errors, [field]: undefined, form: undefined });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onSave({ ...values, name: values.name.trim(), notes: values.notes.trim() });
      onClose();
    } catch (caught) {
      setErrors(errorsFrom(caught));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!onDelete) return;
    setBusy(true);
    try {
      await onDelete();
      onClose();
    } catch (caught) {
      setErrors(errorsFrom(caught));
      setBusy(false);
    }
  };

  const fieldProps = (field: FieldName) => ({
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `block-${field}-error` : undefined,
  });
  const fieldError = (field: FieldName) =>
    errors[field] ? <span className="field-error" id={`block-${field}-error`}>{errors[field]}</span> : null;

  return (
    <dialog ref={dialog} className="block-dialog" aria-labelledby="block-dialog-title" onCancel={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id="block-dialog-title">{heading}</h2>
        <label className="field">
          <span>Name</span>
          <input value={values.name} onChange={(e) => set('name', e.target.value)} required {...fieldProps('name')} />
          {fieldError('name')}
        </label>
        <label className="field">
          <span>Notes</span>
          <input value={values.notes} onChange={(e) => set('notes', e.target.value)} {...fieldProps('notes')} />
          {fieldError('notes')}
        </label>
        <div className="field-row">
          <label className="field">
            <span>Day</span>
            <select value={values.day} onChange={(e) => set('day', e.target.value as Day)} {...fieldProps('day')}>
              {DAYS.map((day) => <option key={day} value={day}>{DAY_NAME[day]}</option>)}
            </select>
            {fieldError('day')}
          </label>
          <label className="field">
            <span>Start</span>
            <input type="time" value={values.start} onChange={(e) => set('start', e.target.value)} required
              {...fieldProps('start')} />
            {fieldError('start')}
          </label>
          <label className="field">
            <span>End <small>(empty for a bell or a moment)</small></span>
            <input type="time" value={values.end ?? ''} onChange={(e) => set('end', e.target.value)}
              {...fieldProps('end')} />
            {fieldError('end')}
          </label>
        </div>
        {errors.form && <p className="form-error" role="alert">{errors.form}</p>}
        <div className="dialog-actions">
          {onDelete && (
            <button type="button" className="button button-danger" onClick={remove} disabled={busy}>Delete</button>
          )}
          <span className="spacer" />
          <button type="button" className="button button-secondary" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy}>Save</button>
        </div>
      </form>
    </dialog>
  );
}

function errorsFrom(caught: unknown): Partial<Record<FieldName | 'form', string>> {
  if (caught instanceof ApiError && caught.status === 400 && caught.field) {
    const field = caught.field.replace(/^timeblocks(\[\d+\])?\.?/, '') as FieldName;
    if (['name', 'notes', 'day', 'start', 'end'].includes(field)) return { [field]: sentence(caught.message) };
  }
  if (caught instanceof ApiError) return { form: sentence(caught.message) };
  return { form: 'We could not save this just now. Check your connection and try again.' };
}

function sentence(text: string): string {
  const trimmed = text.replace(/^[a-z]+: /, '');
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

/** Checks a block without the server (a review's draft is edited locally, and sent whole at the end). */
export function checkBlockLocally(input: TimeblockInput): void {
  const time = /^([01]\d|2[0-3]):[0-5]\d$/;
  const problem = (field: FieldName, detail: string) =>
    new ApiError(400, { type: 'urn:ly:problem:invalid_argument', title: 'Invalid', status: 400, detail, field }, detail);
  if (!input.name.trim()) throw problem('name', 'A block needs a name.');
  if (!time.test(input.start)) throw problem('start', 'The start must be a time like 09:30.');
  if (input.end !== null && !time.test(input.end)) throw problem('end', 'The end must be a time like 10:30.');
  if (input.end !== null && input.end <= input.start) throw problem('end', 'The end must be after the start.');
}
