# Prints the heading ids Debian's kramdown (GFM input, Jekyll's default options) gives every heading of
# the Markdown files named on the command line, as JSON: { "<file>": [[line, id-or-null], ...] }.
# Front matter is blanked out line for line, as Jekyll hands kramdown only the content after it.
# Files that are not valid UTF-8 are left out (Jekyll cannot read them either).
require 'json'
require 'kramdown'
require 'kramdown-parser-gfm'

OPTIONS = {
  input: 'GFM', auto_ids: true, toc_levels: (1..6).to_a, entity_output: :as_char,
  smart_quotes: %w[lsquo rsquo ldquo rdquo], hard_wrap: false, guess_lang: true,
  footnote_nr: 1, show_warnings: false,
}.freeze

FRONT_MATTER = /\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)/m

def headers(element, found)
  element.children.each do |child|
    next if child.type == :html_element # kramdown's GFM parser gives these no GFM id

    found << [child.options[:location], child.attr['id']] if child.type == :header
    headers(child, found)
  end
  found
end

result = {}
ARGV.each do |path|
  text = File.binread(path).force_encoding('UTF-8')
  next unless text.valid_encoding?

  text = text.delete_prefix("\uFEFF")
  text = text.sub(FRONT_MATTER) { |front| "\n" * front.count("\n") }
  result[path] = headers(Kramdown::Document.new(text, OPTIONS).root, [])
end
puts JSON.generate(result)
