import type { Benchmark } from "../harness";
import { dashboard } from "./dashboard";
import { dispatch } from "./dispatch";
import { importOrders, importUci } from "./import";
import { render } from "./render";
import { score } from "./score";

// One line per benchmark, in the order they run.
export const BENCHMARKS: Benchmark[] = [importOrders, importUci, score, render, dispatch, dashboard];
