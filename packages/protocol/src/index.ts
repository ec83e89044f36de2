export * from './entities.js';
export * from './rest.js';
export * from './analytics.js';
export * from './integrations.js';
export * from './events.js';
export * from './errors.js';
export { text, nonEmptyText, email, tags, metadata, isoDateTime, uuid, toStorable } from './text.js';
export * from './constants.js';
