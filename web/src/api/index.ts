export * from './client';
export * from './error';
export * from './session';
export * from './sessionEvents';
export type * from './types';
