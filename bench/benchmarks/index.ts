import type { Benchmark } from "../harness";
import { dispatch } from "./dispatch";
import { render } from "./render";

// One line per benchmark, in the order they run.
export const BENCHMARKS: Benchmark[] = [render, dispatch];
