#!/usr/bin/env bash
# Puts Terraform and the providers this project pins into a local filesystem mirror, built from
# their Go modules with the Go toolchain; nothing is downloaded from the Terraform registry and
# nothing built here is committed. The Terraform stage (scripts/terraform-stage.ts) reads the mirror.
#
#   bash scripts/terraform-mirror.sh            build what is missing, print what the mirror holds
#
# Cache (outside the work tree, so a fresh clone on the same machine reuses it), by version:
#   ${ENTRA_PIM_TERRAFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/entra-pim-as-code/terraform}
#     mirror/registry.terraform.io/<namespace>/<type>/<version>/<os>_<arch>/terraform-provider-<type>_v<version>
#     bin/terraform-<version>/terraform     (only when the machine has no terraform >= 1.7 on its PATH)
#     status/<type>-<version>.txt           "ok", or why the provider could not be built (the Go command's error)
#
# A provider whose module the Go module proxy refuses is recorded in status/ and left out; the
# stage then says which stacks it could not prove and why. A binary built by hand from the
# provider's source at the same tag may be put at its mirror path: it is used like a built one.
#
# Module versions: a provider whose release tags are v2+ but whose module path has no /vN suffix
# is reachable only by its tag's commit, as a pseudo-version on its last v0/v1 tag
# (vX.Y.(Z+1)-0.<commit time UTC>-<12 hex of the commit>).
set -uo pipefail

CACHE="${ENTRA_PIM_TERRAFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/entra-pim-as-code/terraform}"
# Built only when the machine has no terraform >= 1.7: 1.8.5 is the newest release whose module
# builds from the Go module proxy (1.9 and later replace internal submodules with local paths, which
# a module zip leaves out). 1.7 brought mock_provider, which the stage needs.
TERRAFORM_VERSION="1.8.5"
TERRAFORM_MIN="1.7.0"
PLATFORM="$(go env GOOS)_$(go env GOARCH)"
export GOFLAGS="-mod=mod"
export CGO_ENABLED=0

# type namespace version module module-version h1-of-the-module-zip (empty: the checksum database verifies it)
PROVIDERS=(
  "azuread hashicorp 3.9.0 github.com/hashicorp/terraform-provider-azuread v1.6.1-0.20260618210114-df2a07a33712 -"
  "azurerm hashicorp 4.55.0 github.com/hashicorp/terraform-provider-azurerm v1.44.1-0.20251204165152-37bf7f03b661 -"
  "msgraph microsoft 0.4.0 github.com/microsoft/terraform-provider-msgraph v0.4.0 -"
  # The checksum database has no entry for this pseudo-version; the zip's hash is pinned here instead.
  "random hashicorp 3.7.2 github.com/terraform-providers/terraform-provider-random v1.3.2-0.20250422105519-bc2ddb552b46 h1:xKgqtuIoGzvqpCXcHvLrftZm4h9XusvFIa2OBdAkI4g="
)

mkdir -p "$CACHE/mirror" "$CACHE/status" "$CACHE/work"

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]; }

# Builds the main package of module@version into $3, inside a throw-away module that requires it
# (`go install module@version` also asks the proxy for the module's version list, which it may refuse).
build_module() {
  local module="$1" modversion="$2" out="$3" sum="$4" dir
  dir="$(mktemp -d "$CACHE/work/build.XXXXXX")"
  (
    set -e
    cd "$dir"
    if [ "$sum" != "-" ]; then
      export GONOSUMDB="$module"
      local got
      got="$(go mod download -json "$module@$modversion" | sed -n 's/^[[:space:]]*"Sum": "\(.*\)",$/\1/p')"
      if [ "$got" != "$sum" ]; then echo "module hash mismatch for $module@$modversion: got '$got', pinned '$sum'" >&2; exit 1; fi
    fi
    printf 'module local/mirror-build\n\ngo 1.24\n\nrequire %s %s\n' "$module" "$modversion" > go.mod
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$module" > tools.go
    go mod tidy
    go build -trimpath -ldflags "-s -w" -o "$out.tmp" "$module"
    mv "$out.tmp" "$out"
  )
  local rc=$?
  rm -rf "$dir"
  return $rc
}

started=$(date +%s)
echo "terraform mirror: $CACHE/mirror ($PLATFORM)"

# Terraform itself: the machine's if new enough, else built from its Go module.
# The machine's CLI configuration may name a file that does not exist (a warning on every call).
export TF_CLI_CONFIG_FILE=/dev/null
tf="$(command -v terraform || true)"
if [ -n "$tf" ] && version_ge "$("$tf" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')" "$TERRAFORM_MIN"; then
  echo "  terraform: $tf ($("$tf" version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p'))"
else
  tfbin="$CACHE/bin/terraform-$TERRAFORM_VERSION/terraform"
  if [ ! -x "$tfbin" ]; then
    mkdir -p "$(dirname "$tfbin")"
    t0=$(date +%s)
    if build_module github.com/hashicorp/terraform "v$TERRAFORM_VERSION" "$tfbin" - > "$CACHE/status/terraform-$TERRAFORM_VERSION.log" 2>&1; then
      echo "  terraform: built $TERRAFORM_VERSION in $(( $(date +%s) - t0 )) s"
    else
      echo "  terraform: could not be built from its Go module:" >&2
      tail -5 "$CACHE/status/terraform-$TERRAFORM_VERSION.log" >&2
      exit 1
    fi
  fi
  echo "  terraform: $tfbin"
fi

for row in "${PROVIDERS[@]}"; do
  read -r type namespace version module modversion sum <<< "$row"
  dir="$CACHE/mirror/registry.terraform.io/$namespace/$type/$version/$PLATFORM"
  bin="$dir/terraform-provider-${type}_v$version"
  status="$CACHE/status/$type-$version.txt"
  if [ -x "$bin" ]; then
    echo "  $namespace/$type $version: in the mirror"
    echo ok > "$status"
    continue
  fi
  mkdir -p "$dir"
  t0=$(date +%s)
  if build_module "$module" "$modversion" "$bin" "$sum" > "$status.log" 2>&1; then
    echo ok > "$status"
    echo "  $namespace/$type $version: built from $module@$modversion in $(( $(date +%s) - t0 )) s"
  else
    # Keep the Go command's own words: they are what a reader needs to act on.
    grep -m1 -E 'Forbidden|not available|mismatch|[Ee]rror|cannot' "$status.log" > "$status" || tail -1 "$status.log" > "$status"
    rmdir "$dir" 2>/dev/null || true
    echo "  $namespace/$type $version: NOT available: $(cat "$status")"
  fi
done
echo "terraform mirror: done in $(( $(date +%s) - started )) s"
