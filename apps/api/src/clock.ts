/** The time source of services, replaceable in tests that need to move time (reminders, deadlines). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
