// Starts GOV.UK Frontend's components. Loaded as a file, not inline, so the
// Content Security Policy can forbid inline scripts.
import { initAll } from "./govuk-frontend.min.js";

initAll();
