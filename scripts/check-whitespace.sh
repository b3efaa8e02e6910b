#!/usr/bin/env bash
# Checks what the compiler does not see in the C# files, as .editorconfig asks (charset = utf-8, end_of_line = lf,
# insert_final_newline = true): every tracked .cs file is valid UTF-8 without a byte order mark, has no carriage return
# and ends with a newline. The build checks the rest of the formatting (IDE0055 and the style rules are errors). Like
# `dotnet format`, it leaves out the EF Core migrations, which .editorconfig marks as generated code (the tool writes
# them with a byte order mark). Prints each offending file with what is wrong and exits 1;
# `dotnet format whitespace WhatsSuite.sln` fixes them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

generated='src/Infrastructure/Persistence/Migrations/'
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -d '' files < <(git ls-files -z -- '*.cs' ":(exclude)$generated")
else
  mapfile -d '' files < <(find src tests -name '*.cs' -not -path "$generated*" -not -path '*/bin/*' -not -path '*/obj/*' \
    -not -path '*/node_modules/*' -print0)
fi
[ "${#files[@]}" -gt 0 ] || { echo "no C# files found" >&2; exit 1; }

# One process for every file: perl (Debian's perl-base, always installed) reads each file whole, as bytes.
perl -e '
  my $status = 0;
  for my $file (@ARGV) {
    open(my $in, "<:raw", $file) or die "$file: $!\n";
    my $bytes = do { local $/; <$in> };
    close($in);
    my @wrong;
    push @wrong, "byte order mark (charset = utf-8, not utf-8-bom)" if $bytes =~ /\A\xEF\xBB\xBF/;
    push @wrong, "carriage return (end_of_line = lf)" if $bytes =~ /\r/;
    push @wrong, "no newline at the end (insert_final_newline = true)" if length($bytes) && $bytes !~ /\n\z/;
    my $text = $bytes;
    push @wrong, "not valid UTF-8 (charset = utf-8)" unless utf8::decode($text);
    if (@wrong) { print STDERR "$file: ", join("; ", @wrong), "\n"; $status = 1; }
  }
  exit $status;
' -- "${files[@]}"
