// BullMQ loads a sandboxed processor with a plain import() in a child
// process. tsx's loader, registered here, lets that child run the
// TypeScript processor whether or not its parent was started with tsx.
import { register } from "tsx/esm/api";

register();
const { default: work } = await import("./sandbox.ts");
export default work;
