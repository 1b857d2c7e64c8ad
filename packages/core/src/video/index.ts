export * from './video-track.js';
export * from './track-agreement.js';
export * from './point-track.js';
export * from './video-events.js';
export * from './point-track-agreement.js';
