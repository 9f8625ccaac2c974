export * from './client';
export * from './error';
export type * from './types';
