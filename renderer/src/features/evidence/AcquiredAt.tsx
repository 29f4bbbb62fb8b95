import { useMemo, useState } from 'react';
import { DateTime } from 'luxon';
import { Field } from '../../components/Field.tsx';

const OWN_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const ZONES: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [OWN_ZONE];
const nowInput = () => DateTime.now().toFormat("yyyy-LL-dd'T'HH:mm");

/**
 * When the officer obtained the evidence, in a zone they choose (their own by default). Left as
 * it opened, it means "now": the upload is stamped when it is filed.
 */
export type AcquiredAt = { iso: string | undefined; error: string | null };

export function useAcquiredAt() {
  const [local, setLocal] = useState(nowInput);
  const [zone, setZone] = useState(OWN_ZONE);
  const [touched, setTouched] = useState(false);
  const value = useMemo<AcquiredAt>(() => {
    if (!touched) return { iso: undefined, error: null };
    if (!DateTime.local().setZone(zone).isValid) return { iso: undefined, error: `“${zone}” is not a time zone: choose one from the list, e.g. ${OWN_ZONE}.` };
    const t = DateTime.fromISO(local, { zone });
    if (!local || !t.isValid) return { iso: undefined, error: 'Give the date and time the evidence was obtained.' };
    // oxlint-disable-next-line react/purity -- read against the clock on purpose: a time still to come is refused
    if (t.toMillis() > Date.now() + 5 * 60_000) return { iso: undefined, error: 'This time is in the future: give when the evidence was obtained.' };
    return { iso: t.toUTC().toISO({ suppressMilliseconds: true })!, error: null };
  }, [local, zone, touched]);
  const reset = () => {
    setLocal(nowInput());
    setZone(OWN_ZONE);
    setTouched(false);
  };
  const fields = (disabled: boolean) => (
    <div className="field-row acquired-at">
      <Field label="Obtained (date and time)" hint={touched ? undefined : 'Now, unless you change it.'} error={value.error?.startsWith('“') ? null : value.error}>
        <input
          type="datetime-local"
          value={local}
          disabled={disabled}
          onChange={(e) => {
            setLocal(e.target.value);
            setTouched(true);
          }}
        />
      </Field>
      <Field label="Time zone of that time" error={value.error?.startsWith('“') ? value.error : null}>
        <input
          list="acquired-zones"
          value={zone}
          disabled={disabled}
          onChange={(e) => {
            setZone(e.target.value);
            setTouched(true);
          }}
        />
      </Field>
      <datalist id="acquired-zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
    </div>
  );
  return { value, fields, reset };
}
