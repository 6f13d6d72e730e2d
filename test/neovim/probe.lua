-- Headless Neovim end-to-end test of powermta-language-server over stdio.
-- Works on Neovim 0.7.2 (Debian 12: vim.lsp.start_client + buf_attach_client) and on 0.8+
-- (vim.lsp.start, as the README shows). Started by test/neovim/run.mjs:
--   NODE=… SERVER_JS=…/server/out/server.js TARGET=…/pmta/config EXPECT_HOVER='…' \
--   nvim --headless -u NONE -i NONE -n -c 'luafile probe.lua'
-- Prints PASS/FAIL lines and "N passed, N failed"; exits 1 when any check fails.
local NODE = os.getenv('NODE') or 'node'
local SERVER_JS = os.getenv('SERVER_JS')
local TARGET = os.getenv('TARGET')
local EXPECT_HOVER = os.getenv('EXPECT_HOVER') or ''
local TIMEOUT = tonumber(os.getenv('LSP_TIMEOUT_MS') or '10000')

local function out(s) io.stdout:write(s .. '\n') end
local passed, failed = 0, 0
local function check(ok, what, detail)
  if ok then passed = passed + 1 else failed = failed + 1 end
  out((ok and 'PASS ' or 'FAIL ') .. what .. (detail and detail ~= '' and ('  [' .. detail .. ']') or ''))
  return ok
end

local client_id

-- The setup the README documents: filetype detection, then a client started per pmta buffer.
local function setup()
  vim.g.do_filetype_lua = 1 -- 0.7 only; the Lua detector is the default from 0.8 on
  vim.cmd('filetype on')
  vim.filetype.add({
    extension = { pmta = 'pmta' },
    pattern = { ['.*/pmta/config'] = 'pmta', ['.*/pmta/conf%.d/.*'] = 'pmta' },
  })
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'pmta',
    callback = function(args)
      local config = {
        name = 'powermta',
        cmd = { NODE, SERVER_JS, '--stdio' },
        root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':p:h'),
      }
      if vim.lsp.start then
        client_id = vim.lsp.start(config)
      else
        client_id = client_id or vim.lsp.start_client(config)
        if client_id then vim.lsp.buf_attach_client(args.buf, client_id) end
      end
    end,
  })
end

local function lines_of(bufnr) return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false) end

-- 0-based index of the first line containing `needle` (plain text, or a Lua pattern when
-- `pattern` is true), or nil.
local function find_line(bufnr, needle, pattern)
  for i, l in ipairs(lines_of(bufnr)) do
    if l:find(needle, 1, not pattern) then return i - 1 end
  end
end

local function request(bufnr, method, params)
  local res, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  if not res then return nil, tostring(err) end
  for _, r in pairs(res) do
    if r.err then return nil, vim.inspect(r.err) end
    return r.result, nil
  end
  return nil, 'no answer'
end

local function words(lines)
  local w = {}
  for _, l in ipairs(lines) do
    for word in l:gmatch('%S+') do table.insert(w, word) end
  end
  return table.concat(w, ' ')
end

local function main()
  assert(SERVER_JS and TARGET, 'set SERVER_JS and TARGET')
  setup()

  vim.cmd('edit ' .. vim.fn.fnameescape(TARGET))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.bo[bufnr].filetype == 'pmta', 'filetype pmta for */pmta/config', vim.bo[bufnr].filetype)
  vim.bo[bufnr].expandtab = true
  vim.bo[bufnr].shiftwidth = 4
  vim.bo[bufnr].tabstop = 4

  if not check(client_id ~= nil, 'client started by the FileType autocommand') then return end
  local ok_init = vim.wait(TIMEOUT, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized
  end, 20)
  if not check(ok_init, 'server initialized over stdio') then return end
  local caps = vim.lsp.get_client_by_id(client_id).server_capabilities or {}
  check(caps.completionProvider ~= nil and caps.hoverProvider and caps.definitionProvider and caps.documentFormattingProvider,
    'server announces completion, hover, definition and formatting',
    string.format('completion=%s hover=%s definition=%s formatting=%s', tostring(caps.completionProvider ~= nil),
      tostring(caps.hoverProvider), tostring(caps.definitionProvider), tostring(caps.documentFormattingProvider)))

  -- diagnostics pushed on open, each with a code
  local diags = {}
  vim.wait(TIMEOUT, function()
    diags = vim.diagnostic.get(bufnr)
    return #diags >= 2
  end, 20)
  local by_code = {}
  local all_coded = #diags > 0
  for _, d in ipairs(diags) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    out(string.format('  diagnostic %d:%d %s [%s] %s', d.lnum + 1, d.col + 1, tostring(code), tostring(d.source), d.message))
    if code == nil or d.source ~= 'powermta' then all_coded = false end
    if code then by_code[code] = d end
  end
  check(all_coded, 'every diagnostic has a code and source powermta')
  local unknown = by_code['unknown-directive']
  check(unknown ~= nil and unknown.lnum == find_line(bufnr, 'max-smtp-ot') and unknown.severity == vim.diagnostic.severity.WARN
    and unknown.message:find('max-smtp-out', 1, true) ~= nil,
    'unknown-directive warning on the max-smtp-ot line suggesting max-smtp-out')
  local undefined = by_code['undefined-reference']
  check(undefined ~= nil and undefined.lnum == find_line(bufnr, 'vmta-missing') and undefined.severity == vim.diagnostic.severity.ERROR,
    'undefined-reference error on the pool line naming vmta-missing')

  -- completion on the empty line inside <domain example.com>
  local domain = find_line(bufnr, '<domain example.com>')
  local result, err = request(bufnr, 'textDocument/completion',
    { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = domain + 1, character = 0 } })
  local labels = {}
  for _, it in ipairs(result and (result.items or result) or {}) do labels[it.label] = true end
  local n = vim.tbl_count(labels)
  check(labels['max-smtp-out'] == true, 'completion inside <domain> offers max-smtp-out', err or (n .. ' items'))

  -- hover on max-smtp-out
  local line = find_line(bufnr, 'max-smtp-out 20')
  local col = lines_of(bufnr)[line + 1]:find('max') + 1
  result, err = request(bufnr, 'textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = col } })
  local htext = result and result.contents and table.concat(vim.lsp.util.convert_input_to_markdown_lines(result.contents), '\n') or ''
  out('  hover: ' .. htext:gsub('\n', ' | '):sub(1, 300))
  check(EXPECT_HOVER ~= '' and htext:find('max-smtp-out', 1, true) ~= nil and htext:find(EXPECT_HOVER, 1, true) ~= nil,
    'hover names max-smtp-out and shows its catalogue text', err or ('expected "' .. EXPECT_HOVER .. '"'))

  -- go to definition from the pool's `virtual-mta vmta1` line, through the real jump
  local use = find_line(bufnr, '^%s*virtual%-mta vmta1', true)
  local def = find_line(bufnr, '<virtual-mta vmta1>')
  assert(use and def and use ~= def, 'fixture: pool line and <virtual-mta vmta1> line')
  local use_col = lines_of(bufnr)[use + 1]:find('vmta1', 1, true) + 1
  result, err = request(bufnr, 'textDocument/definition', { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = use, character = use_col } })
  local loc = result and (result[1] or result)
  local target_line = loc and ((loc.range or loc.targetSelectionRange or loc.targetRange or {}).start or {}).line
  check(target_line == def and (loc.uri or loc.targetUri) == vim.uri_from_bufnr(bufnr),
    'definition of vmta1 is its <virtual-mta> block', err or ('got line ' .. tostring(target_line) .. ', want ' .. def))
  vim.api.nvim_win_set_cursor(0, { use + 1, use_col })
  vim.lsp.buf.definition()
  local jumped = vim.wait(TIMEOUT, function() return vim.api.nvim_win_get_cursor(0)[1] == def + 1 end, 20)
  check(jumped, 'vim.lsp.buf.definition() moves the cursor to line ' .. (def + 1), 'cursor at ' .. vim.api.nvim_win_get_cursor(0)[1])

  -- formatting through Neovim's own command, then again (idempotent)
  local before = lines_of(bufnr)
  local function format()
    if vim.lsp.buf.format then vim.lsp.buf.format({ bufnr = bufnr, timeout_ms = TIMEOUT }) else vim.lsp.buf.formatting_sync(nil, TIMEOUT) end
  end
  format()
  local after = lines_of(bufnr)
  local rate = after[(find_line(bufnr, 'max-msg-rate') or -2) + 1]
  local retry = after[(find_line(bufnr, 'retry-after') or -2) + 1]
  out('  formatted: ' .. tostring(rate) .. ' | ' .. tostring(retry))
  check(not vim.deep_equal(before, after), 'formatting changed the buffer')
  check(rate == '    max-msg-rate 100/h' and retry == '    retry-after 10m', 'formatting indents directives inside <domain> by 4 spaces')
  check(words(before) == words(after), 'formatting keeps every word (meaning unchanged)')
  format()
  check(vim.deep_equal(after, lines_of(bufnr)), 'formatting again changes nothing')

  -- go to definition on the include line: the file its wildcard reads, through /etc/pmta mapped
  -- to this folder; then the real jump opens it
  local inc = find_line(bufnr, 'include /etc/pmta/conf.d/')
  result, err = request(bufnr, 'textDocument/definition', { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = inc, character = 10 } })
  local inc_loc = result and result[1]
  local inc_uri = inc_loc and (inc_loc.uri or inc_loc.targetUri) or ''
  check(result and #result == 1 and inc_uri:find('/pmta/conf%.d/pools%.conf$') ~= nil, 'definition of the include line is conf.d/pools.conf', err or inc_uri)
  vim.api.nvim_set_current_buf(bufnr)
  vim.api.nvim_win_set_cursor(0, { inc + 1, 10 })
  vim.lsp.buf.definition()
  local opened = vim.wait(TIMEOUT, function() return vim.api.nvim_buf_get_name(0):find('/conf%.d/pools%.conf$') ~= nil end, 20)
  check(opened, 'vim.lsp.buf.definition() on the include line opens conf.d/pools.conf', vim.api.nvim_buf_get_name(0))

  -- A file of conf.d with its own folder as the root (the README's setup with the file opened
  -- first): a server of its own, where no workspace scan finds the main file. It is checked inside
  -- ../config, which defines the virtual MTA its pool names.
  local pools = vim.fn.fnamemodify(TARGET, ':h') .. '/conf.d/pools.conf'
  vim.cmd('edit ' .. vim.fn.fnameescape(pools))
  local pbuf = vim.api.nvim_get_current_buf()
  local own = vim.lsp.start_client({ name = 'powermta-conf.d', cmd = { NODE, SERVER_JS, '--stdio' }, root_dir = vim.fn.fnamemodify(pools, ':h') })
  if check(own ~= nil, 'a second server started with conf.d as its root') then
    vim.lsp.buf_attach_client(pbuf, own)
    local ns = vim.lsp.diagnostic.get_namespace(own)
    local pdiags = {}
    vim.wait(TIMEOUT, function()
      pdiags = vim.diagnostic.get(pbuf, { namespace = ns })
      return #pdiags >= 1
    end, 20)
    local codes = {}
    for _, d in ipairs(pdiags) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      out(string.format('  conf.d diagnostic %d:%d %s %s', d.lnum + 1, d.col + 1, tostring(code), d.message))
      codes[#codes + 1] = tostring(code)
    end
    check(#codes == 1 and codes[1] == 'unknown-directive', 'conf.d/pools.conf checked inside ../config: its typo reported, vmta1 defined', table.concat(codes, ','))
  end

  -- A merge conflict left in a file (a buffer, not on disk): each marker reported, and the quick
  -- fix the user picks resolves the whole conflict in the buffer, applied as code_action applies it.
  local conflict = vim.fn.fnamemodify(TARGET, ':h:h') .. '/conflict.pmta'
  vim.cmd('edit ' .. vim.fn.fnameescape(conflict))
  local cbuf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(cbuf, 0, -1, false, { '<domain example.com>', '<<<<<<< HEAD', '    max-smtp-out 10', '=======', '    max-smtp-out 20', '>>>>>>> raise-limit', '</domain>' })
  local function markers_of()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(cbuf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == 'merge-conflict-marker' then found[#found + 1] = d end
    end
    return found
  end
  local markers = {}
  vim.wait(TIMEOUT, function()
    markers = markers_of()
    return #markers == 3
  end, 20)
  check(#markers == 3, 'merge-conflict-marker on each of the three conflict markers', tostring(#markers))
  local sep
  for _, d in ipairs(markers) do if d.lnum == 3 then sep = d end end
  if check(sep ~= nil, 'a merge-conflict-marker diagnostic on the ======= line') then
    local range = { start = { line = sep.lnum, character = sep.col }, ['end'] = { line = sep.end_lnum or sep.lnum, character = sep.end_col or sep.col } }
    local diagnostic = { range = range, severity = sep.severity, code = 'merge-conflict-marker', source = sep.source, message = sep.message }
    local actions, aerr = request(cbuf, 'textDocument/codeAction', { textDocument = { uri = vim.uri_from_bufnr(cbuf) }, range = range, context = { diagnostics = { diagnostic } } })
    local second
    local titles = {}
    for _, a in ipairs(actions or {}) do
      titles[#titles + 1] = a.title
      if a.title:find('keep the second side', 1, true) then second = a end
    end
    if check(second ~= nil and second.edit ~= nil, 'code actions on ======= offer to keep the second side', aerr or table.concat(titles, ' | ')) then
      vim.lsp.util.apply_workspace_edit(second.edit, 'utf-16')
      local resolved = lines_of(cbuf)
      check(vim.deep_equal(resolved, { '<domain example.com>', '    max-smtp-out 20', '</domain>' }), 'the quick fix resolves the conflict in the buffer', table.concat(resolved, ' | '))
      local gone = vim.wait(TIMEOUT, function() return #markers_of() == 0 end, 20)
      check(gone, 'the markers\' diagnostics go once the conflict is resolved')
    end
  end

  -- the other two documented filetype patterns (buffers only; they need not exist on disk)
  local dir = vim.fn.fnamemodify(TARGET, ':h:h')
  for _, name in ipairs({ dir .. '/pmta/conf.d/domains.conf', dir .. '/sample.pmta', dir .. '/other/config' }) do
    vim.cmd('edit ' .. vim.fn.fnameescape(name))
    local want = name:find('other/config', 1, true) and 'not pmta' or 'pmta'
    local got = vim.bo.filetype
    check((want == 'pmta') == (got == 'pmta'), 'filetype ' .. want .. ' for ' .. name:sub(#dir + 2), got)
  end
end

local ok, err = xpcall(main, debug.traceback)
if not ok then check(false, 'probe ran without a Lua error', err) end
out(string.format('%d passed, %d failed', passed, failed))
local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)()
for _, c in ipairs(clients) do c.stop() end
vim.wait(2000, function() return #(vim.lsp.get_clients or vim.lsp.get_active_clients)() == 0 end, 20)
if failed > 0 then vim.cmd('cquit 1') else vim.cmd('qall!') end
