/** Worker entry point. */
import { app } from './app.ts';

export { BoardStream } from './live/board-stream.ts';

export default app;
