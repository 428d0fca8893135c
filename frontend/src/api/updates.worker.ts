// The Web Worker that reads `GET /api/updates` off the page's thread (see updates-parser.ts).
import { serveSplitRequests } from './updates-split';

serveSplitRequests(self);
