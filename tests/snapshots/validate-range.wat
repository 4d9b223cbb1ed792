(module
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $none_=>_i32 (func (result i32)))
 (type $i32_i32_i32_i32_=>_i32 (func (param i32 i32 i32 i32) (result i32)))
 (type $i32_i32_i32_i32_i32_=>_i32 (func (param i32 i32 i32 i32 i32) (result i32)))
 (import "rt" "rt_kit_class" (func $rt_kit_class (param i32 i32 i32) (result i32)))
 (import "rt" "rt_kit_container" (func $rt_kit_container (param i32 i32) (result i32)))
 (import "rt" "rt_kit_concern_stage" (func $rt_kit_concern_stage (param i32 i32 i32 i32) (result i32)))
 (import "rt" "rt_kit_concern_create" (func $rt_kit_concern_create (param i32 i32 i32) (result i32)))
 (import "rt" "rt_kit_concern_disable" (func $rt_kit_concern_disable (param i32 i32 i32) (result i32)))
 (import "rt" "rt_get" (func $rt_get (param i32) (result i32)))
 (import "rt" "rt_vs_begin" (func $rt_vs_begin (result i32)))
 (import "rt" "rt_lit" (func $rt_lit (param i32 i32) (result i32)))
 (import "rt" "rt_v_check" (func $rt_v_check (param i32 i32 i32) (result i32)))
 (import "rt" "rt_vs_fail" (func $rt_vs_fail (param i32 i32) (result i32)))
 (import "rt" "rt_vs_end" (func $rt_vs_end (result i32)))
 (import "rt" "rt_write" (func $rt_write (param i32 i32 i32 i32 i32) (result i32)))
 (memory $0 2)
 (data (i32.const 65536) "\02\00\00\00\04\00\00\00(\00\01\00<\00\01\00\02\00\00\00X\00\01\00\00\00\00\00\00\00\00\00\02\00\00\00\80\02\01\00")
 (data (i32.const 65576) "\00\00\00\00\01\00\00\00\02\00\00\00\0b\00\00\00\1a\00\00\00nl_concernsvalidationState\00\00")
 (data (i32.const 65624) "\00\00\00\00\00\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00\00\00\00\00")
 (data (i32.const 65648) "WTB1\02\00\00\00,\01\00\00\03\00\00\00D\00\00\00\03\00\00\00\98\00\00\00\00\00\00\00\e0\00\00\00\00\00\00\00\e0\00\00\00\00\00\00\00\e0\00\00\00\00\00\00\00\e0\00\00\00\e0\00\00\00\fc\00\00\00\ff\ff\ff\ff\04\00\00\00\ff\ff\ff\ff\00\00\00\00\00\00\00\00\ff\ff\ff\ff\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00\ff\ff\ff\ff\00\00\00\00\00\00\00\00\00\00\00\00\01\00\00\00\01\00\00\00\00\00\00\00\ff\ff\ff\ff\01\00\00\00\00\00\00\00\ff\ff\ff\ff\02\00\00\00\e0\00\00\00\01\00\00\00\f0\00\00\00\00\00\00\00\ff\ff\ff\ff\00\00\00\00\f4\00\00\00\01\00\00\00\f4\00\00\00\01\00\00\00\ff\ff\ff\ff\00\00\00\00\f8\00\00\00\01\00\00\00\f8\00\00\00\00\00\00\00\01\00\00\00\01\00\00\00\02\00\00\00\00\00\00\00\01\00\00\00\02\00\00\00\00\00\00\00,\01\00\00\00\00\00\00,\01\00\00\00\00\00\00,\01\00\00\00\00\00\00,\01\00\00\00\00\00\00,\01\00\00\00\00\00\00,\01\00\00\00\00\00\00")
 (data (i32.const 65952) "WCT1l\00\00\00\03\00\00\000\00\00\00\01\00\00\00\1c\00\00\00\02\00\00\00\01\00\00\00\ff\ff\ff\ff\03\00\00\00\t\00\00\00\ff\ff\ff\ff\00\00\00\00`\00\00\00\01\00\00\00`\00\00\00\01\00\00\00d\00\00\00\01\00\00\00h\00\00\00\00\00\00\00l\00\00\00\00\00\00\00l\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\04\00\00\00\00\00\00\00\00must be at least 0must be at least 0\04\00\00\00\00\00\00$@at most tenat most tenmust be an integermust be an integer\00\00\00\00")
 (export "app" (func $app))
 (export "path_class" (func $path_class))
 (export "container" (func $container))
 (export "input" (func $input))
 (export "stage" (func $stage))
 (export "plan" (func $plan))
 (export "create" (func $create))
 (export "disable" (func $disable))
 (export "cond" (func $cond))
 (export "concern" (func $concern))
 (func $app (result i32)
  (i32.const 65536)
 )
 (func $path_class (param $0 i32) (param $1 i32) (result i32)
  (call $rt_kit_class
   (i32.const 65648)
   (local.get $0)
   (local.get $1)
  )
 )
 (func $container (param $0 i32) (result i32)
  (call $rt_kit_container
   (i32.const 65648)
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
     (i32.const 65648)
     (i32.const 65952)
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
   (i32.const 65648)
   (i32.const 65952)
   (local.get $0)
  )
 )
 (func $disable (param $0 i32) (result i32)
  (call $rt_kit_concern_disable
   (i32.const 65648)
   (i32.const 65952)
   (local.get $0)
  )
 )
 (func $cond (param $0 i32) (param $1 i32) (result i32)
  (i32.const -10)
 )
 (func $concern (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
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
 )
 (func $unit_0 (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local.set $2
   (call $rt_get
    (i32.const 1)
   )
  )
  (call $rt_write
   (local.get $1)
   (block (result i32)
    (drop
     (call $rt_vs_begin)
    )
    (local.set $3
     (call $rt_get
      (local.get $0)
     )
    )
    (local.set $4
     (call $rt_v_check
      (i32.const 1)
      (local.get $3)
      (call $rt_lit
       (i32.const 66060)
       (i32.const 9)
      )
     )
    )
    (if
     (i32.eq
      (local.get $4)
      (i32.const 1)
     )
     (drop
      (call $rt_vs_fail
       (i32.const 66087)
       (i32.const 18)
      )
     )
     (if
      (i32.eq
       (local.get $4)
       (i32.const 2)
      )
      (drop
       (call $rt_vs_fail
        (i32.const 66069)
        (i32.const 18)
       )
      )
     )
    )
    (local.set $4
     (call $rt_v_check
      (i32.const 2)
      (local.get $3)
      (call $rt_lit
       (i32.const 66105)
       (i32.const 9)
      )
     )
    )
    (if
     (i32.eq
      (local.get $4)
      (i32.const 1)
     )
     (drop
      (call $rt_vs_fail
       (i32.const 66125)
       (i32.const 11)
      )
     )
     (if
      (i32.eq
       (local.get $4)
       (i32.const 2)
      )
      (drop
       (call $rt_vs_fail
        (i32.const 66114)
        (i32.const 11)
       )
      )
     )
    )
    (local.set $4
     (call $rt_v_check
      (i32.const 7)
      (local.get $3)
      (i32.const 0)
     )
    )
    (if
     (i32.eq
      (local.get $4)
      (i32.const 1)
     )
     (drop
      (call $rt_vs_fail
       (i32.const 66154)
       (i32.const 18)
      )
     )
     (if
      (i32.eq
       (local.get $4)
       (i32.const 2)
      )
      (drop
       (call $rt_vs_fail
        (i32.const 66136)
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
