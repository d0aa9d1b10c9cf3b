/** Everything the views and keyboard actions may ask of the app, in one import. */
export * from './session';
export * from './navigation';
export * from './edits';
