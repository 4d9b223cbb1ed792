(module
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (type $none_=>_i32 (func (result i32)))
 (type $i32_i32_i32_i32_=>_i32 (func (param i32 i32 i32 i32) (result i32)))
 (type $i32_i32_i32_i32_i32_=>_i32 (func (param i32 i32 i32 i32 i32) (result i32)))
 (import "rt" "rt_kit_class" (func $rt_kit_class (param i32 i32 i32) (result i32)))
 (import "rt" "rt_kit_container" (func $rt_kit_container (param i32 i32) (result i32)))
 (import "rt" "rt_kit_concern_stage" (func $rt_kit_concern_stage (param i32 i32 i32 i32) (result i32)))
 (import "rt" "rt_kit_concern_create" (func $rt_kit_concern_create (param i32 i32 i32) (result i32)))
 (import "rt" "rt_kit_concern_disable" (func $rt_kit_concern_disable (param i32 i32 i32) (result i32)))
 (import "rt" "rt_path_ancestor" (func $rt_path_ancestor (param i32 i32) (result i32)))
 (import "rt" "rt_path_atom" (func $rt_path_atom (param i32) (result i32)))
 (import "rt" "rt_path_child" (func $rt_path_child (param i32 i32) (result i32)))
 (import "rt" "rt_get" (func $rt_get (param i32) (result i32)))
 (import "rt" "rt_c_truthy" (func $rt_c_truthy (param i32) (result i32)))
 (import "rt" "rt_mk_bool" (func $rt_mk_bool (param i32) (result i32)))
 (import "rt" "rt_write" (func $rt_write (param i32 i32 i32 i32 i32) (result i32)))
 (import "rt" "rt_vs_begin" (func $rt_vs_begin (result i32)))
 (import "rt" "rt_lit" (func $rt_lit (param i32 i32) (result i32)))
 (import "rt" "rt_v_check" (func $rt_v_check (param i32 i32 i32) (result i32)))
 (import "rt" "rt_vs_fail" (func $rt_vs_fail (param i32 i32) (result i32)))
 (import "rt" "rt_vs_end" (func $rt_vs_end (result i32)))
 (memory $0 2)
 (data (i32.const 65536) "\01\00\00\00\07\00\00\00(\00\01\00H\00\01\00\02\00\00\00|\00\01\00\00\00\00\00\00\00\00\00\02\00\00\00\a0\03\01\00")
 (data (i32.const 65576) "\00\00\00\00\05\00\00\00\n\00\00\00\0d\00\00\00\0e\00\00\00\17\00\00\00#\00\00\002\00\00\00itemspriceoffl_concernsdisabledWhenvalidationState\00\00")
 (data (i32.const 65660) "\00\00\00\00\00\00\00\00\00\00\00\00\03\00\00\00\00\00\00\00")
 (data (i32.const 65680) "WTB1\01\00\00\00\10\02\00\00\06\00\00\00@\00\00\00\06\00\00\00\e8\00\00\00\00\00\00\00\d8\01\00\00\00\00\00\00\d8\01\00\00\00\00\00\00\d8\01\00\00\00\00\00\00\d8\01\00\00\d8\01\00\00\ff\ff\ff\ff\04\00\00\00\ff\ff\ff\ff\00\00\00\00\00\00\00\00\ff\ff\ff\ff\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00\ff\ff\ff\ff\00\00\00\00\01\00\00\00\02\00\00\00\ff\ff\ff\ff\02\00\00\00\01\00\00\00\ff\ff\ff\ff\00\00\00\00\02\00\00\00\00\00\00\00\01\00\00\00\03\00\00\00\01\00\00\00\ff\ff\ff\ff\00\00\00\00\02\00\00\00\00\00\00\00\02\00\00\00\03\00\00\00\01\00\00\00\ff\ff\ff\ff\00\00\00\00\00\00\00\00\00\00\00\00\03\00\00\00\01\00\00\00\00\00\00\00\ff\ff\ff\ff\01\00\00\00\00\00\00\00\ff\ff\ff\ff\02\00\00\00\d8\01\00\00\01\00\00\00\e8\01\00\00\00\00\00\00\ec\01\00\00\00\00\00\00\ec\01\00\00\00\00\00\00\03\00\00\00\00\00\00\00\ec\01\00\00\01\00\00\00\ec\01\00\00\00\00\00\00\f0\01\00\00\00\00\00\00\f0\01\00\00\01\00\00\00\ff\ff\ff\ff\00\00\00\00\f0\01\00\00\01\00\00\00\f0\01\00\00\00\00\00\00\f4\01\00\00\00\00\00\00\f4\01\00\00\00\00\00\00\ff\ff\ff\ff\02\00\00\00\f4\01\00\00\01\00\00\00\04\02\00\00\00\00\00\00\08\02\00\00\00\00\00\00\08\02\00\00\00\00\00\00\ff\ff\ff\ff\00\00\00\00\08\02\00\00\01\00\00\00\08\02\00\00\00\00\00\00\0c\02\00\00\00\00\00\00\0c\02\00\00\00\00\00\00\ff\ff\ff\ff\00\00\00\00\0c\02\00\00\01\00\00\00\0c\02\00\00\00\00\00\00\10\02\00\00\00\00\00\00\10\02\00\00\00\00\00\00\01\00\00\00\03\00\00\00\02\00\00\00\00\00\00\00\01\00\00\00\05\00\00\00\01\00\00\00\04\00\00\00\02\00\00\00\05\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00")
 (data (i32.const 66208) "WCT1\cc\00\00\00\02\00\00\00\1c\00\00\00\06\00\00\00D\00\00\00\04\00\00\00\03\00\00\00\ff\ff\ff\ff\05\00\00\00\08\00\00\00\ff\ff\ff\ff\03\00\00\00\ff\ff\ff\ff\06\00\00\00\t\00\00\00\ff\ff\ff\ff\00\00\00\00\a4\00\00\00\02\00\00\00\a4\00\00\00\00\00\00\00\ac\00\00\00\02\00\00\00\ac\00\00\00\00\00\00\00\b4\00\00\00\02\00\00\00\b4\00\00\00\01\00\00\00\bc\00\00\00\01\00\00\00\c0\00\00\00\01\00\00\00\c4\00\00\00\01\00\00\00\c8\00\00\00\00\00\00\00\cc\00\00\00\00\00\00\00\cc\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00\01\00\00\00\01\00\00\00\01\00\00\00\00\00\00\00\00\00\00\00\04\00\00\00\00\00\00\00\00must be at least 0must be at least 0\00\00\00\00\00\00\00")
 (export "app" (func $app))
 (export "path_class" (func $path_class))
 (export "container" (func $container))
 (export "input" (func $input))
 (export "stage" (func $stage))
 (export "plan" (func $plan))
 (export "create" (func $create))
 (export "disable" (func $disable))
 (export "concern" (func $concern))
 (func $app (result i32)
  (i32.const 65536)
 )
 (func $path_class (param $0 i32) (param $1 i32) (result i32)
  (call $rt_kit_class
   (i32.const 65680)
   (local.get $0)
   (local.get $1)
  )
 )
 (func $container (param $0 i32) (result i32)
  (call $rt_kit_container
   (i32.const 65680)
   (local.get $0)
  )
 )
 (func $input (param $0 i32) (param $1 i32) (result i32)
  (i32.const 0)
 )
 (func $stage (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (if
   (i32.eq
    (local.get $0)
    (i32.const 7)
   )
   (return
    (call $rt_kit_concern_stage
     (i32.const 65680)
     (i32.const 66208)
     (local.get $1)
     (local.get $2)
    )
   )
  )
  (i32.const 0)
 )
 (func $plan (param $0 i32) (param $1 i32) (result i32)
  (i32.const 0)
 )
 (func $create (param $0 i32) (result i32)
  (call $rt_kit_concern_create
   (i32.const 65680)
   (i32.const 66208)
   (local.get $0)
  )
 )
 (func $disable (param $0 i32) (result i32)
  (call $rt_kit_concern_disable
   (i32.const 65680)
   (i32.const 66208)
   (local.get $0)
  )
 )
 (func $concern (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (if (result i32)
   (i32.lt_s
    (local.get $0)
    (i32.const 1)
   )
   (if (result i32)
    (i32.eq
     (local.get $0)
     (i32.const 0)
    )
    (call $unit_0
     (local.get $1)
     (local.get $2)
    )
    (i32.const -10)
   )
   (if (result i32)
    (i32.eq
     (local.get $0)
     (i32.const 1)
    )
    (call $unit_1
     (local.get $1)
     (local.get $2)
    )
    (i32.const -10)
   )
  )
 )
 (func $unit_0 (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local.set $2
   (call $rt_path_atom
    (call $rt_path_ancestor
     (local.get $0)
     (i32.const 2)
    )
   )
  )
  (local.set $3
   (call $rt_get
    (call $rt_path_child
     (call $rt_path_child
      (i32.const 1)
      (local.get $2)
     )
     (i32.const 2)
    )
   )
  )
  (call $rt_write
   (local.get $1)
   (call $rt_mk_bool
    (call $rt_c_truthy
     (local.get $3)
    )
   )
   (i32.const 8)
   (i32.const -1)
   (i32.const 0)
  )
 )
 (func $unit_1 (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local.set $2
   (call $rt_path_atom
    (call $rt_path_ancestor
     (local.get $0)
     (i32.const 2)
    )
   )
  )
  (local.set $3
   (call $rt_get
    (call $rt_path_child
     (call $rt_path_child
      (i32.const 1)
      (local.get $2)
     )
     (i32.const 1)
    )
   )
  )
  (call $rt_write
   (local.get $1)
   (block (result i32)
    (drop
     (call $rt_vs_begin)
    )
    (local.set $4
     (call $rt_get
      (local.get $0)
     )
    )
    (local.set $5
     (call $rt_v_check
      (i32.const 1)
      (local.get $4)
      (call $rt_lit
       (i32.const 66412)
       (i32.const 9)
      )
     )
    )
    (if
     (i32.eq
      (local.get $5)
      (i32.const 1)
     )
     (drop
      (call $rt_vs_fail
       (i32.const 66439)
       (i32.const 18)
      )
     )
     (if
      (i32.eq
       (local.get $5)
       (i32.const 2)
      )
      (drop
       (call $rt_vs_fail
        (i32.const 66421)
        (i32.const 18)
       )
      )
     )
    )
    (call $rt_vs_end)
   )
   (i32.const 9)
   (i32.const -1)
   (i32.const 0)
  )
 )
)
