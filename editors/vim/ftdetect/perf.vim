autocmd BufNewFile,BufRead *.perf setfiletype perf
