export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);
export const addHours = (d: Date, hours: number) => new Date(d.getTime() + hours * 3_600_000);
