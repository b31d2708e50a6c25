import { hasOpaqueElement, identifier, isReference, list } from "../../constructs/checks/values";

describe("reading synthesized values", () => {
  test("a resource or data source attribute reference is an identity the checks can compare", () => {
    expect(isReference("${azuread_user.break_glass_bg-01.object_id}")).toBe(true);
    expect(isReference('${data.azuread_group.principal_groups["PIM Approvers"].object_id}')).toBe(true);
    expect(identifier("${azuread_user.bg.object_id}")).toBe("${azuread_user.bg.object_id}");
  });

  test("variables, locals, each values and function calls are not known at synth", () => {
    for (const expr of ["${var.role}", "${var.roles.ga}", "${local.ids.ga}", "${each.value.principal_id}", "${lower(var.x)}"]) {
      expect(isReference(expr)).toBe(false);
      expect(identifier(expr)).toEqual({ unresolved: expr });
    }
  });

  test("a list element that is not a reference could be anything, even All", () => {
    expect(hasOpaqueElement(["${azuread_user.bg.object_id}", "11111111-2222-4333-8444-555555555555"])).toBe(false);
    expect(hasOpaqueElement(["${each.value.user}"])).toBe(true);
  });

  test("a whole-list expression is unresolved; an absent list is empty", () => {
    expect(list("${var.excluded}")).toEqual({ unresolved: "${var.excluded}" });
    expect(list(undefined)).toEqual([]);
    expect(list(["All"])).toEqual(["All"]);
  });
});
