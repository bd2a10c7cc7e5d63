export type { Space, SpaceJSON } from './space.js';
export { Discrete } from './discrete.js';
export { Box } from './box.js';
