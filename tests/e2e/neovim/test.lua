-- End-to-end test of dated-notes-server in a real Neovim (0.7 or later), run by run.sh as
--   nvim --headless --clean -c 'luafile tests/e2e/neovim/test.lua'
-- with `dated-notes-server` on PATH (a link to the package's bin, dist/server.js, as `npm install -g`
-- makes) and DN_WORKSPACE (a temporary copy of tests/e2e/workspace-lsp) in the environment.
-- Prints one `ok - name` or `not ok - name: why` per check, then `neovim: N passed, N failed`, and
-- exits nonzero when a check failed. Every wait is bounded.

local workspace = assert(os.getenv('DN_WORKSPACE'), 'DN_WORKSPACE is not set')
local WAIT_MS = tonumber(os.getenv('DN_WAIT_MS') or '') or 15000

local passed, failed = 0, 0
local function out(line)
  io.stdout:write(line, '\n')
  io.stdout:flush()
end
local function check(name, condition, why)
  if condition then
    passed = passed + 1
    out('ok - ' .. name)
  else
    failed = failed + 1
    out('not ok - ' .. name .. ': ' .. tostring(why):gsub('%s*\n%s*', ' '))
  end
end

local function finish()
  out(string.format('neovim: %d passed, %d failed', passed, failed))
  if failed > 0 then vim.cmd('cquit! 1') else vim.cmd('qall!') end
end

--- The 0-based number of the first line of `lines` that contains `needle` (plain text), or nil.
local function line_of(lines, needle)
  for i, line in ipairs(lines) do
    if line:find(needle, 1, true) then return i - 1 end
  end
end

--- Root detection as the README recommends: the nearest folder holding _config.yml or .dated-notes.json.
local function find_root(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while true do
    if vim.loop.fs_stat(dir .. '/_config.yml') or vim.loop.fs_stat(dir .. '/.dated-notes.json') then return dir end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then return nil end
    dir = parent
  end
end

local function diagnostics_by_code(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    found[d.code or '?'] = found[d.code or '?'] or {}
    table.insert(found[d.code or '?'], d)
  end
  return found
end

local function describe(diagnostics)
  local parts = {}
  for _, d in ipairs(diagnostics) do table.insert(parts, string.format('%s@%d:%d', tostring(d.code), d.lnum + 1, d.col + 1)) end
  return '[' .. table.concat(parts, ', ') .. ']'
end

--- Whether the diagnostics of bufnr hold one with this rule id on this 0-based line.
local function has_diagnostic(bufnr, code, lnum)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code and d.lnum == lnum then return true end
  end
  return false
end

--- Positions the cursor on the 0-based line at the first byte of `needle` plus `skip` characters.
local function cursor_at(lnum, needle, skip)
  local line = vim.api.nvim_buf_get_lines(0, lnum, lnum + 1, false)[1]
  local byte = assert(line:find(needle, 1, true), needle .. ' not on line ' .. lnum) - 1
  byte = byte + #vim.fn.strcharpart(needle, 0, skip or 0)
  vim.api.nvim_win_set_cursor(0, { lnum + 1, byte })
end

--- Position params at the end of a 0-based line, where insert mode's cursor is after typing (a
--- normal-mode cursor cannot stand there), in UTF-16 code units as Neovim 0.7 negotiates.
local function end_of_line_params(bufnr, lnum)
  local line = vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, false)[1]
  local _, utf16 = vim.str_utfindex(line)
  return { textDocument = vim.lsp.util.make_text_document_params(bufnr), position = { line = lnum, character = utf16 } }
end

local function completion_labels(result)
  local items = result and (result.items or result) or {}
  local labels = {}
  for _, item in ipairs(items) do table.insert(labels, item.label) end
  return labels
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, WAIT_MS)
  if not responses then return nil, 'no response: ' .. tostring(err) end
  for _, response in pairs(responses) do
    if response.err then return nil, 'error ' .. vim.inspect(response.err) end
    return response.result
  end
  return nil, 'no client answered'
end

local function run()
  local garden = workspace .. '/_posts/2024-03-10-garden.md'
  local reading = workspace .. '/_posts/2024-02-01-reading.md'
  vim.cmd('edit ' .. vim.fn.fnameescape(garden))
  local bufnr = vim.api.nvim_get_current_buf()
  check('the note opens as markdown', vim.bo[bufnr].filetype == 'markdown', 'filetype is ' .. vim.bo[bufnr].filetype)

  local root = find_root(garden)
  check('root found by _config.yml', root == workspace, tostring(root))
  local exited = nil
  local client_id = vim.lsp.start_client({
    name = 'dated-notes',
    cmd = { 'dated-notes-server', '--stdio' },
    root_dir = root,
    on_exit = function(code, signal) exited = { code = code, signal = signal } end,
  })
  check('server started through its bin', client_id ~= nil, 'start_client returned nil')
  if not client_id then return end
  vim.lsp.buf_attach_client(bufnr, client_id)
  local initialized = vim.wait(WAIT_MS, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return (client and client.initialized) or exited ~= nil
  end, 50)
  local client = vim.lsp.get_client_by_id(client_id)
  check('server initialized', initialized and client and client.initialized, exited and ('server exited: ' .. vim.inspect(exited)) or 'no initialize response in time')
  if not (client and client.initialized) then return end

  -- Diagnostics, pushed (Neovim 0.7 cannot pull). Broken anchors need the whole workspace read, so
  -- their arrival also shows that indexing finished and refreshed the open note.
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local expected = {
    { code = 'date-format', lnum = line_of(lines, '【2023-07-03】') },
    { code = 'date-invalid', lnum = line_of(lines, '【2024-13-5】') },
    { code = 'link-broken-anchor', lnum = line_of(lines, '/reading#no-such-heading') },
  }
  vim.wait(WAIT_MS, function()
    for _, e in ipairs(expected) do
      if not has_diagnostic(bufnr, e.code, e.lnum) then return false end
    end
    return true
  end, 50)
  for _, e in ipairs(expected) do
    check(string.format('diagnostic %s on line %d', e.code, e.lnum + 1), has_diagnostic(bufnr, e.code, e.lnum), 'got ' .. describe(vim.diagnostic.get(bufnr)))
  end
  local by_code = diagnostics_by_code(bufnr)
  local format = (by_code['date-format'] or {})[1]
  check('date-format has source, severity and message', format and format.source == 'dated-notes' and format.severity == vim.diagnostic.severity.WARN and format.message:find('【2023-7-3】', 1, true),
    format and vim.inspect({ source = format.source, severity = format.severity, message = format.message }) or 'no date-format diagnostic')
  check('no diagnostic on the valid link to a heading', not has_diagnostic(bufnr, 'link-broken-anchor', line_of(lines, '/reading#评测-methods')), describe(vim.diagnostic.get(bufnr)))

  -- Go to definition on a link to a heading of another note: the raw response, then Neovim's own
  -- command, which must open that note at the heading.
  local reading_lines = vim.fn.readfile(reading)
  local heading_lnum = line_of(reading_lines, '## 评测 Methods')
  local link_lnum = line_of(lines, '/reading#评测-methods')
  cursor_at(link_lnum, '[评测方法]', 2)
  local params = vim.lsp.util.make_position_params()
  local result, err = request(bufnr, 'textDocument/definition', params)
  local location = result and (result.uri and result or result[1])
  local target_uri = location and (location.uri or location.targetUri)
  local target_range = location and (location.range or location.targetSelectionRange)
  check('definition answers the other note at the heading',
    target_uri == vim.uri_from_fname(reading) and target_range and target_range.start.line == heading_lnum,
    err or ('got ' .. vim.inspect(result) .. ', expected ' .. vim.uri_from_fname(reading) .. ' line ' .. tostring(heading_lnum)))
  vim.lsp.buf.definition()
  local jumped = vim.wait(WAIT_MS, function() return vim.api.nvim_buf_get_name(0) == reading end, 50)
  local cursor = vim.api.nvim_win_get_cursor(0)
  check('go to definition lands in the other note at the heading', jumped and cursor[1] - 1 == heading_lnum,
    string.format('buffer %s, line %d; expected %s, line %d', vim.api.nvim_buf_get_name(0), cursor[1], reading, (heading_lnum or -2) + 1))
  vim.cmd('buffer ' .. bufnr)

  -- Completion after typing: an entity name after a backtick, and heading ids after `#` in a link.
  local last = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, last, last, false, { '', '【2024-3-11】也试了 `Anthr' })
  result, err = request(bufnr, 'textDocument/completion', end_of_line_params(bufnr, last + 1))
  local labels = completion_labels(result)
  check('completion after `Anthr offers the entity Anthropic', vim.tbl_contains(labels, 'Anthropic'), err or ('got ' .. vim.inspect(labels)))

  vim.api.nvim_buf_set_lines(bufnr, last + 1, last + 2, false, { '【2024-3-11】也试了 [排行榜](/reading#' })
  result, err = request(bufnr, 'textDocument/completion', end_of_line_params(bufnr, last + 1))
  labels = completion_labels(result)
  check('completion after /reading# offers the heading #评测-methods', vim.tbl_contains(labels, '#评测-methods'), err or ('got ' .. vim.inspect(labels)))

  -- Diagnostics follow typing: a padded date tag on a new line is reported there.
  vim.api.nvim_buf_set_lines(bufnr, last + 1, last + 2, false, { '【2024-03-12】[新的一条](https://example.com/new)' })
  vim.wait(WAIT_MS, function() return has_diagnostic(bufnr, 'date-format', last + 1) end, 50)
  check('diagnostics follow an edit (date-format on the typed line)', has_diagnostic(bufnr, 'date-format', last + 1), 'got ' .. describe(vim.diagnostic.get(bufnr)))

  -- A clean shutdown: the server answers shutdown and exits by itself.
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return exited ~= nil end, 50)
  check('server exits after shutdown', exited ~= nil and exited.code == 0, exited and vim.inspect(exited) or 'still running after 5 s')
end

local ok, error_message = xpcall(run, debug.traceback)
if not ok then check('test script ran to the end', false, error_message) end
finish()
