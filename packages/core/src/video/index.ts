export * from './video-track.js';
export * from './track-agreement.js';
