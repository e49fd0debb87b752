/**
 * Starting a worker thread on one of our modules: see src/threads.ts (a basic module, so that lower layers
 * such as the document reader may start workers too).
 */
export { startModuleWorker } from '../threads.js';
