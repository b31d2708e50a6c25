import { Testing } from "cdktf";
import { setAssignmentClock } from "../constructs/assignments";

// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform ...).
Testing.setupJest();

// Assignments refuse end dates in the past; tests run as of a fixed day so their dates stay valid.
setAssignmentClock(() => new Date("2026-12-01T00:00:00Z"));
