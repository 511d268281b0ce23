// Times of day as minutes since midnight, and how a teacher reads them ("9:30", "1 hr 15 min").
export function toMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

export function fromMinutes(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** "09:30" → "9:30"; a teacher's clock drops the leading zero. */
export function spokenTime(time: string): string {
  const [hours, minutes] = time.split(':');
  return `${Number(hours)}:${minutes}`;
}

/** The axis label in the target picture's style: "9:30" over "am". */
export function axisLabel(minutes: number): { time: string; half: string } {
  const hours = Math.floor(minutes / 60);
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  return { time: `${twelve}:${String(minutes % 60).padStart(2, '0')}`, half: hours < 12 ? 'am' : 'pm' };
}

export function durationLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} hr` : `${hours} hr ${rest} min`;
}
