export * from './image-size.js';
export * from './shapes.js';
export * from './keypoint-groups.js';
export * from './coco.js';
export * from './yolo.js';
export * from './voc.js';
export * from './cvat.js';
export * from './label-studio.js';
